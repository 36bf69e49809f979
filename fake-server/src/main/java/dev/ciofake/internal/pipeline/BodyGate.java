package dev.ciofake.internal.pipeline;

import dev.ciofake.internal.http.ConnectionIds;
import dev.ciofake.internal.http.EdgeRead;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.util.SystemClock;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The servlet filter in front of WireMock that reads every request body itself, so that no body can hold a thread,
 * grow past the body limit or reach WireMock's own body handling:
 *
 * <ul>
 *   <li>A body is read with the servlet API's non-blocking reads: a client that sends its body slowly, or stalls
 *       after its headers, holds no request thread. A body that has not arrived within the read deadline, or arrives
 *       slower than the minimum data rate (after a short grace), is answered 408.
 *   <li>A {@code Content-Length} past the limit is answered 413 without reading; a body that grows past it while it
 *       is read stops being read there. {@code gzip} and {@code deflate} bodies are inflated as a stream that stops at
 *       the same limit, so a compression bomb costs at most the limit.
 *   <li>What it read goes to the pipeline beside the request ({@link #current()}); WireMock is handed a view of the
 *       request without a body, cookies or parts and with a query string its URL decoder accepts, so WireMock's own
 *       parsing (which inflates gzip without a bound and throws on a stray {@code %}) has nothing to fail on.
 * </ul>
 *
 * Problems become an {@link EdgeRead#problem()}: the pipeline still routes and authenticates the request and answers
 * the problem in the route's error shape, so the client gets its API's error and the journal shows the request.
 *
 * <p><b>The direct path.</b> With the body read, the gate runs the pipeline itself and writes the answer to the servlet
 * response as WireMock would (status, headers in order, {@code Content-Length}, body): most requests never reach
 * WireMock's handler, whose per-request work (a serve event with a random UUID, a copy of the request, the response
 * rendering) was a third of the fake's CPU under load. An answer that needs WireMock (a chaos delay, a slow body or a
 * connection fault, which its renderer and asynchronous responder implement) goes on to WireMock as before, handed
 * over through {@link #answered()} so the pipeline runs once. {@code DirectPathTest} pins the two paths to the same
 * bytes on the wire.
 */
final class BodyGate implements Filter {
  private static final String READ = BodyGate.class.getName() + ".read";
  private static final ThreadLocal<dev.ciofake.internal.http.ApiResponse> ANSWERED = new ThreadLocal<>();
  /** How long a body may be slower than the minimum data rate before the rate is enforced. */
  static final long RATE_GRACE_MILLIS = 2_000;
  private static final long CHECK_EVERY_MILLIS = 250;
  private static final int CHUNK_BYTES = 8192;

  private final int maxBodyBytes;
  private final long readTimeoutMillis;
  private final long minBytesPerSecond;
  /** The fake's filter, whose pipeline the gate runs (the direct path). */
  private final CioRequestFilter direct;

  BodyGate(int maxBodyBytes, long readTimeoutMillis, long minBytesPerSecond, CioRequestFilter direct) {
    this.maxBodyBytes = maxBodyBytes;
    this.readTimeoutMillis = readTimeoutMillis;
    this.minBytesPerSecond = minBytesPerSecond;
    this.direct = java.util.Objects.requireNonNull(direct, "direct");
  }

  /** The pipeline's answer to the request this thread hands to WireMock to render, or {@code null}: run it. */
  static dev.ciofake.internal.http.ApiResponse answered() {
    return ANSWERED.get();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest r = (HttpServletRequest) req;
    EdgeRead read = (EdgeRead) r.getAttribute(READ);
    if (read == null) {
      ConnectionIds.Current connection = ConnectionIds.current();
      long declared = r.getContentLengthLong();
      if (declared > drainLimit()) {
        // too large to even read away: answer now, and the connection closes with the rest of the body unread
        read = EdgeRead.refused(tooLarge(declared + " bytes"), r.getQueryString(), connection);
        ((HttpServletResponse) res).setHeader("Connection", "close");
      } else if (!hasBody(r, declared)) {
        read = EdgeRead.of(null, r.getQueryString(), connection);
      } else if (!r.isAsyncSupported()) {
        read = readBlocking(r, connection); // not on this fake's own servlet chain; kept for completeness
      } else {
        new Reading(r, connection, declared > rawLimit(r) ? tooLarge(declared + " bytes") : null).start();
        return;
      }
    } else if (!r.getInputStream().isFinished()) {
      ((HttpServletResponse) res).setHeader("Connection", "close"); // answered before the body ended
    }
    String type = r.getHeader("Content-Type");
    boolean multipart = type != null && WireMockView.isMultipart(type);
    EdgeRead seen = multipart ? read.withContentType(type) : read;
    if ("CONNECT".equals(r.getMethod())) {
      chain.doFilter(new WireMockView(r, multipart), res); // WireMock's servlet ignores CONNECT; so does the fake
      return;
    }
    dev.ciofake.internal.http.ApiResponse answer = direct.pipeline().handle(new ServletRawRequest(r), seen);
    if (!answer.needsWireMock()) {
      writeAnswer(answer, (HttpServletResponse) res);
      return;
    }
    ANSWERED.set(answer);
    try {
      chain.doFilter(new WireMockView(r, multipart), res);
    } finally {
      ANSWERED.remove();
    }
  }

  /**
   * Writes an answer the way WireMock's servlet does ({@code WireMockHandlerDispatchingServlet.applyResponse} with
   * chunked encoding off): the status, each header in order, {@code Content-Length} unless the answer set it, the
   * body, and the stream closed.
   */
  static void writeAnswer(dev.ciofake.internal.http.ApiResponse answer, HttpServletResponse res) throws IOException {
    res.setStatus(answer.status());
    answer.headers().forEach(res::addHeader);
    byte[] body = answer.body();
    if (res.getHeader("Content-Length") == null) {
      res.setContentLength(body.length);
    }
    try (jakarta.servlet.ServletOutputStream out = res.getOutputStream()) {
      out.write(body);
      out.flush();
    }
  }

  private static boolean hasBody(HttpServletRequest r, long declared) throws IOException {
    if (declared > 0) {
      return true;
    }
    return declared < 0 && (r.getHeader("Transfer-Encoding") != null || !r.getInputStream().isFinished());
  }

  /** Compressed bytes may be a little larger than what they inflate to (incompressible data); allow for that. */
  private long rawLimit(HttpServletRequest r) {
    return encoding(r) == null ? maxBodyBytes : maxBodyBytes + maxBodyBytes / 64L + 1024;
  }

  /**
   * How much of a body past the limit is still read (and thrown away) so the client, which is still sending, gets
   * the 413 on a connection it can read; a larger one is answered at once and the connection closed.
   */
  private long drainLimit() {
    return Math.max(4L * maxBodyBytes, 16L * 1024 * 1024);
  }

  private Violation tooLarge(String size) {
    return Violation.of("body-too-large", "body", size, "request body is " + size + "; the largest accepted is "
        + maxBodyBytes + " bytes").withStatus(413);
  }

  private static Violation problem(String code, int status, String message) {
    return Violation.of(code, "body", null, message).withStatus(status);
  }

  /** The Content-Encoding to undo, lower case, or {@code null} for none (identity). */
  private static String encoding(HttpServletRequest r) {
    String ce = r.getHeader("Content-Encoding");
    if (ce == null || ce.isBlank() || ce.trim().equalsIgnoreCase("identity")) {
      return null;
    }
    return ce.trim().toLowerCase(Locale.ROOT);
  }

  /** The body as the pipeline sees it: decoded, or the problem that stops it. */
  private EdgeRead decoded(HttpServletRequest r, byte[] raw, ConnectionIds.Current c) {
    String query = r.getQueryString();
    String ce = encoding(r);
    if (ce == null) {
      return raw.length > maxBodyBytes ? EdgeRead.refused(tooLarge(raw.length + " bytes"), query, c)
          : EdgeRead.of(raw, query, c);
    }
    InputStream in;
    try {
      switch (ce) {
        case "gzip":
        case "x-gzip":
          in = new GZIPInputStream(new ByteArrayInputStream(raw), 8192);
          break;
        case "deflate":
          // HTTP's deflate is zlib-wrapped; some clients send raw deflate, told apart by the zlib header
          boolean zlib = raw.length >= 2 && (raw[0] & 0x0f) == 8 && ((raw[0] & 0xff) * 256 + (raw[1] & 0xff)) % 31 == 0;
          in = new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(!zlib), 8192);
          break;
        default:
          return EdgeRead.refused(problem("content-encoding", 415, "unsupported Content-Encoding '"
              + Violation.shorten(ce) + "': send the body as identity, gzip or deflate"), query, c);
      }
      try (InputStream body = in) {
        byte[] out = body.readNBytes(maxBodyBytes + 1);
        if (out.length > maxBodyBytes) {
          return EdgeRead.refused(tooLarge("more than " + maxBodyBytes + " bytes once decompressed ("
              + raw.length + " bytes " + ce + ")"), query, c);
        }
        return EdgeRead.of(out, query, c);
      }
    } catch (ZipException | EOFException corrupt) {
      return EdgeRead.refused(problem("malformed-body", 400, "request body is not valid " + ce
          + " data: it could not be decompressed"), query, c);
    } catch (IOException e) {
      return EdgeRead.refused(problem("malformed-body", 400, "request body could not be decompressed as " + ce),
          query, c);
    }
  }

  private EdgeRead readBlocking(HttpServletRequest r, ConnectionIds.Current c) throws IOException {
    byte[] raw = r.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, rawLimit(r) + 1));
    if (raw.length > rawLimit(r)) {
      return EdgeRead.refused(tooLarge("more than " + rawLimit(r) + " bytes"), r.getQueryString(), c);
    }
    return decoded(r, raw, c);
  }

  /**
   * One body being read without a thread: the read listener, the deadline and the rate check. Past the limit it goes
   * on reading (up to the drain limit) without keeping the bytes, then answers 413.
   */
  private final class Reading implements ReadListener {
    private final HttpServletRequest request;
    private final ConnectionIds.Current connection;
    private final AsyncContext async;
    private final ServletInputStream in;
    private ByteArrayOutputStream buffer;
    private final long limit;
    private final long startedNanos = SystemClock.realNanos();
    private final AtomicBoolean done = new AtomicBoolean();
    /** What one read takes: 8 KB, or the declared length when it is smaller (most bodies are a few hundred bytes). */
    private final byte[] chunk;
    private final Scheduler scheduler;
    private volatile long received;
    private volatile Violation tooLarge;
    private volatile Scheduler.Task check;

    Reading(HttpServletRequest request, ConnectionIds.Current connection, Violation tooLarge) throws IOException {
      this.request = request;
      this.connection = connection;
      this.tooLarge = tooLarge;
      this.limit = rawLimit(request);
      long declared = request.getContentLengthLong();
      this.chunk = new byte[declared > 0 && declared < CHUNK_BYTES ? (int) declared : CHUNK_BYTES];
      this.buffer = tooLarge != null ? null
          : new ByteArrayOutputStream((int) Math.min(declared > 0 ? declared : 1024, limit));
      this.async = request.startAsync();
      this.async.setTimeout(0); // the deadline below answers in the API's shape; the container's would not
      this.in = request.getInputStream();
      this.scheduler = org.eclipse.jetty.server.Request.getBaseRequest(request).getHttpChannel().getConnector()
          .getScheduler();
    }

    void start() {
      scheduleCheck();
      in.setReadListener(this);
    }

    private void scheduleCheck() {
      if (!done.get()) {
        check = scheduler.schedule(this::checkProgress, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
      }
    }

    private void checkProgress() {
      long elapsed = SystemClock.millisSince(startedNanos);
      if (elapsed >= readTimeoutMillis) {
        finish(tooLarge != null ? tooLarge : problem("body-timeout", 408, "request body did not arrive within "
            + readTimeoutMillis + " ms (" + received + " bytes received)"));
        return;
      }
      if (minBytesPerSecond > 0 && elapsed >= RATE_GRACE_MILLIS && received * 1000 < minBytesPerSecond * elapsed) {
        finish(tooLarge != null ? tooLarge : problem("body-timeout", 408, "request body arrives too slowly: "
            + received + " bytes in " + elapsed + " ms; the fake needs at least " + minBytesPerSecond
            + " bytes per second"));
        return;
      }
      scheduleCheck();
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!done.get() && in.isReady()) {
        int n = in.read(chunk);
        if (n < 0) {
          return; // onAllDataRead follows
        }
        received += n;
        if (tooLarge == null && received > limit) {
          tooLarge = tooLarge("more than " + limit + " bytes");
          buffer = null; // from here on the body is read away, not kept
        }
        if (tooLarge != null) {
          if (received > drainLimit()) {
            finish(tooLarge);
            return;
          }
          continue;
        }
        buffer.write(chunk, 0, n);
      }
    }

    @Override
    public void onAllDataRead() {
      if (!done.get()) {
        finish(tooLarge != null ? EdgeRead.refused(tooLarge, request.getQueryString(), connection)
            : decoded(request, buffer.toByteArray(), connection));
      }
    }

    @Override
    public void onError(Throwable t) {
      finish(tooLarge != null ? tooLarge : problem("malformed-body", 400, "request body could not be read: "
          + describeReadFailure(t)));
    }

    private void finish(Violation problem) {
      finish(EdgeRead.refused(problem, request.getQueryString(), connection));
    }

    private void finish(EdgeRead read) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      Scheduler.Task c = check;
      if (c != null) {
        c.cancel();
      }
      buffer = null;
      request.setAttribute(READ, read);
      try {
        async.dispatch();
      } catch (IllegalStateException gone) {
        // the connection failed and the container is completing the request: nobody is left to answer
        try {
          async.complete();
        } catch (IllegalStateException alreadyComplete) {
          // nothing more to do
        }
      }
    }
  }

  /** A read failure in the client's terms: Jetty's exceptions name its classes. */
  static String describeReadFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String name = c.getClass().getSimpleName();
      if (name.contains("Timeout")) {
        return "the connection went idle before the body was complete";
      }
      if (c instanceof EOFException || name.contains("Eof")) {
        return "the connection ended before the body was complete";
      }
      if (name.contains("BadMessage")) {
        return "its framing is invalid (Content-Length or chunked encoding)";
      }
    }
    return "the connection failed while it was sent";
  }

  /**
   * What WireMock sees of a request: everything but the body (the edge read it), cookies and parts (the pipeline reads
   * the raw headers), with a query string its URL decoder accepts and a character encoding it can look up.
   */
  static final class WireMockView extends HttpServletRequestWrapper {
    private static final ServletInputStream EMPTY = new ServletInputStream() {
      @Override
      public boolean isFinished() {
        return true;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        try {
          listener.onAllDataRead();
        } catch (IOException e) {
          listener.onError(e);
        }
      }

      @Override
      public int read() {
        return -1;
      }
    };

    /** WireMock parses the parts of any request whose Content-Type is multipart, from the header itself. */
    private final boolean hideType;

    WireMockView(HttpServletRequest request, boolean hideType) {
      super(request);
      this.hideType = hideType;
    }

    static boolean isMultipart(String contentType) {
      return contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    public String getHeader(String name) {
      return hideType && name.equalsIgnoreCase("Content-Type") ? "application/octet-stream" : super.getHeader(name);
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
      return hideType && name.equalsIgnoreCase("Content-Type")
          ? java.util.Collections.enumeration(List.of("application/octet-stream")) : super.getHeaders(name);
    }

    @Override
    public ServletInputStream getInputStream() {
      return EMPTY;
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new StringReader(""));
    }

    @Override
    public int getContentLength() {
      return 0;
    }

    @Override
    public long getContentLengthLong() {
      return 0;
    }

    /** The content type hidden from WireMock's form and multipart parsing; the pipeline reads the header. */
    @Override
    public String getContentType() {
      return null;
    }

    @Override
    public String getCharacterEncoding() {
      String enc = super.getCharacterEncoding();
      try {
        return enc == null || Charset.isSupported(enc) ? enc : null;
      } catch (IllegalArgumentException illegalName) {
        return null;
      }
    }

    @Override
    public Cookie[] getCookies() {
      return null;
    }

    @Override
    public Collection<Part> getParts() {
      return List.of();
    }

    @Override
    public Part getPart(String name) {
      return null;
    }

    @Override
    public String getQueryString() {
      return decodable(super.getQueryString());
    }

    /** {@code %} not followed by two hex digits becomes {@code %25}, which a URL decoder reads back as {@code %}. */
    static String decodable(String query) {
      if (query == null || query.indexOf('%') < 0) {
        return query;
      }
      StringBuilder sb = new StringBuilder(query.length() + 8);
      for (int i = 0; i < query.length(); i++) {
        char c = query.charAt(i);
        if (c == '%' && !(i + 2 < query.length() && Character.digit(query.charAt(i + 1), 16) >= 0
            && Character.digit(query.charAt(i + 2), 16) >= 0)) {
          sb.append("%25");
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
  }
}
