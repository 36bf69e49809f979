package dev.ciofake.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under measurement, as its own freshly started JVM with a GC log: cio-fake from its standalone jar
 * (rate limits off, everything else at its defaults), or plain WireMock from its standalone jar with its request
 * journal off and the one stub of the comparison. Both get the same JVM flags.
 */
final class ServerProcess implements AutoCloseable {
  /** The two servers of the comparison. */
  enum Kind {
    CIO_FAKE("cio-fake"),
    WIREMOCK("wiremock");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The one stub of plain WireMock: what the fake answers an accepted identify. */
  static final String STUB = "{\"request\":{\"method\":\"PUT\",\"urlPathPattern\":\"/api/v1/customers/[^/]+\"},"
      + "\"response\":{\"status\":200,\"body\":\"{}\",\"headers\":{\"Content-Type\":\"application/json\"}}}";

  private static final Pattern CIO_READY = Pattern.compile("cio-fake track http://127\\.0\\.0\\.1:(\\d+)/api/v1");
  private static final Pattern WM_READY = Pattern.compile("^port:\\s+(\\d+)");

  /** Where the jars are and which JVM flags both servers get. */
  record Setup(Path java, Path cioFakeJar, Path wireMockJar, Path wireMockRoot, List<String> jvmFlags, Path logDir) {
    static Path wireMockRoot(Path dir) throws IOException {
      Path mappings = Files.createDirectories(dir.resolve("wiremock").resolve("mappings"));
      Files.writeString(mappings.resolve("identify.json"), STUB);
      return dir.resolve("wiremock");
    }

    /** The command line that starts a server of this kind on a port (0: cio-fake picks one). */
    List<String> command(Kind kind, int port, Path gcLog, List<String> extraArgs) {
      List<String> c = new ArrayList<>();
      c.add(java.toString());
      if (gcLog != null) {
        c.add(GcLog.flag(gcLog));
      }
      c.addAll(jvmFlags);
      c.add("-jar");
      if (kind == Kind.CIO_FAKE) {
        c.addAll(List.of(cioFakeJar.toString(), "--port", String.valueOf(port), "--no-rate-limits"));
      } else {
        c.addAll(List.of(wireMockJar.toString(), "--port", String.valueOf(port), "--bind-address", "127.0.0.1",
            "--no-request-journal", "--root-dir", wireMockRoot.toString()));
      }
      c.addAll(extraArgs);
      return c;
    }
  }

  final Kind kind;
  private final Process process;
  private final Path gcLog;
  private final Setup setup;
  final int port;

  private ServerProcess(Kind kind, Process process, Path gcLog, Setup setup, int port) {
    this.kind = kind;
    this.process = process;
    this.gcLog = gcLog;
    this.setup = setup;
    this.port = port;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts a server and returns once it printed its ready line (a minute at most). */
  static ServerProcess start(Setup setup, Kind kind, String tag, List<String> extraArgs) throws IOException,
      InterruptedException {
    Path gcLog = setup.logDir().resolve(tag + "-gc.log");
    Files.deleteIfExists(gcLog);
    int port = kind == Kind.CIO_FAKE ? 0 : freePort();
    Process p = new ProcessBuilder(setup.command(kind, port, gcLog, extraArgs)).redirectErrorStream(true).start();
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Pattern pattern = kind == Kind.CIO_FAKE ? CIO_READY : WM_READY;
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Matcher m = pattern.matcher(line);
          if (!ready.isDone() && m.find()) {
            ready.complete(Integer.parseInt(m.group(1)));
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      ready.complete(-1);
    }, "drain-" + tag);
    drain.setDaemon(true);
    drain.start();
    int actual;
    try {
      actual = ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      actual = -1;
    }
    if (actual <= 0) {
      p.destroyForcibly();
      throw new IllegalStateException(kind.label + " did not start: " + setup.command(kind, port, gcLog, extraArgs));
    }
    return new ServerProcess(kind, p, gcLog, setup, actual);
  }

  long pid() {
    return process.pid();
  }

  GcLog gc() throws IOException {
    return GcLog.read(gcLog);
  }

  /** A full collection ({@code jcmd <pid> GC.run}), then the heap it left, in MB, from the GC log. */
  double heapAfterFullGcMb() throws IOException, InterruptedException {
    Path jcmd = setup.java().resolveSibling("jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.run")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.waitFor(60, TimeUnit.SECONDS);
    for (int i = 0; i < 50; i++) { // the log is written as the collection ends
      double mb = gc().lastFullAfterMb();
      if (!Double.isNaN(mb)) {
        return mb;
      }
      Thread.sleep(100);
    }
    return Double.NaN;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
