package dev.ciofake.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The container HEALTHCHECK: {@code java -cp cio-fake.jar dev.ciofake.cli.HealthProbe} exits 0 when
 * {@code GET /__cio/health} on {@code CIO_FAKE_PORT} (default 8091) answers 200, 1 otherwise. A plain socket keeps it
 * fast and free of dependencies; images without curl need it.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("CIO_FAKE_PORT", "8091");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.trim())), 2000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /__cio/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      String status = new String(head, StandardCharsets.US_ASCII);
      System.exit(status.startsWith("HTTP/1.1 200") ? 0 : 1);
    } catch (Exception e) {
      System.exit(1);
    }
  }
}
