package dev.ciofake.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client on one persistent (keep-alive) socket: writes a request, reads the status line,
 * the headers and a Content-Length or chunked body. No allocation-heavy client library in the measured loop.
 */
final class Http implements AutoCloseable {
  private final String authorization;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] line = new byte[8192];
  private final byte[] skip = new byte[8192];

  Http(int port) throws IOException {
    this(port, Workload.Auth.TRACK);
  }

  Http(int port, Workload.Auth auth) throws IOException {
    this.authorization = auth.header;
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16384);
  }

  /** Sends one request with a JSON body (or none) and returns the status; the body is read and dropped. */
  int send(String method, String path, String body) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: cio-fake-bench/1\r\n"
        + "Authorization: " + authorization + "\r\nAccept: application/json\r\n"
        + (body == null ? "" : "Content-Type: application/json\r\n") + "Content-Length: " + b.length + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    out.write(all);
    out.flush();
    return readResponse();
  }

  private int readResponse() throws IOException {
    String status = readLine();
    if (status == null) {
      throw new IOException("connection closed by the server");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    String l;
    while ((l = readLine()) != null && !l.isEmpty()) {
      int colon = l.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = l.substring(0, colon).trim();
      String value = l.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    if (chunked) {
      while (true) {
        String size = readLine();
        int semi = size.indexOf(';');
        long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while ((l = readLine()) != null && !l.isEmpty()) {
            // trailers
          }
          break;
        }
        discard(n);
        readLine();
      }
    } else if (length > 0) {
      discard(length);
    }
    if (close) {
      throw new IOException("server closed the keep-alive connection (status " + code + ")");
    }
    return code;
  }

  private void discard(long n) throws IOException {
    while (n > 0) {
      int r = in.read(skip, 0, (int) Math.min(skip.length, n));
      if (r < 0) {
        throw new IOException("body cut short");
      }
      n -= r;
    }
  }

  private String readLine() throws IOException {
    int n = 0;
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        if (n > 0 && line[n - 1] == '\r') {
          n--;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (n < line.length) {
        line[n++] = (byte) c;
      }
    }
    return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
