package dev.ciofake.bench;

import dev.ciofake.bench.ServerProcess.Kind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up and first request of both servers as processes (issue 2): from {@code ProcessBuilder.start()} to the
 * ready line, and to the end of the first identify on a new connection. Alternating, with the same JVM flags, plus
 * the README's command (the class-data archive and C1) when the jar was built with its archive.
 */
final class Startup {
  private static final Pattern CIO_READY = Pattern.compile("cio-fake track http://127\\.0\\.0\\.1:(\\d+)/api/v1");
  private static final Pattern WM_READY = Pattern.compile("^port:\\s+(\\d+)");

  private record Times(double readyMs, double firstServedMs, double firstRequestMs, int status) {}

  private final ServerProcess.Setup setup;
  private final StringBuilder md;

  Startup(ServerProcess.Setup setup, StringBuilder md) {
    this.setup = setup;
    this.md = md;
  }

  void run(int runs) throws Exception {
    Path archive = setup.cioFakeJar().resolveSibling("cio-fake.jsa");
    List<String> readme = Files.isRegularFile(archive)
        ? List.of(setup.java().toString(), "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1", "-jar",
            setup.cioFakeJar().toString(), "--port", "0")
        : null;
    List<Times> cio = new ArrayList<>();
    List<Times> wm = new ArrayList<>();
    List<Times> rd = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      List<Runnable> order = new ArrayList<>();
      order.add(() -> cio.add(launch(setup.command(Kind.CIO_FAKE, 0, null, List.of()), CIO_READY)));
      order.add(() -> wm.add(launch(setup.command(Kind.WIREMOCK, freePort(), null, List.of()), WM_READY)));
      if (readme != null) {
        order.add(() -> rd.add(launch(readme, CIO_READY)));
      }
      Collections.rotate(order, i);
      order.forEach(Runnable::run);
      System.out.printf(Locale.ROOT, "start-up %d: cio-fake %s, wiremock %s%s%n", i + 1, cio.get(i), wm.get(i),
          readme == null ? "" : ", readme command " + rd.get(i));
    }
    md.append("\n## Start-up and first request\n\nEach server launched ").append(runs).append(" times, alternating, "
        + "with the same JVM flags: the cio-fake jar (`--port 0 --no-rate-limits`) and plain WireMock's standalone jar "
        + "(`--no-request-journal`, the one stub). *ready*: from `ProcessBuilder.start()` to the line each prints "
        + "once it serves; *first served*: to the end of the first identify on a new connection; *first request*: "
        + "that request alone.")
        .append(readme == null ? " (No class-data archive beside the jar: built with -Dcds.skip, so no row for the "
            + "README's command.)" : " The third row is the README's command: the archive the build records "
            + "(`-XX:SharedArchiveFile=cio-fake.jsa`) and `-XX:TieredStopAtLevel=1`.")
        .append("\n\n| server | ready ms | first served ms | first request ms | statuses |\n"
            + "|---|---:|---:|---:|---|\n");
    row("cio-fake (`java -jar`)", cio);
    if (readme != null) {
      row("cio-fake (README command: archive + C1)", rd);
    }
    row("plain WireMock (`java -jar wiremock-standalone`)", wm);
  }

  private void row(String name, List<Times> ts) {
    md.append("| ").append(name).append(" | ").append(Rounds.stats(ts, Times::readyMs).spread("%.0f")).append(" | ")
        .append(Rounds.stats(ts, Times::firstServedMs).spread("%.0f")).append(" | ")
        .append(Rounds.stats(ts, Times::firstRequestMs).spread("%.1f")).append(" | ")
        .append(String.join(",", ts.stream().map(t -> String.valueOf(t.status())).distinct().toList()))
        .append(" |\n");
  }

  private static int freePort() {
    try {
      return ServerProcess.freePort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Times launch(List<String> command, Pattern ready) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      long t0 = System.nanoTime();
      Process p = pb.start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        String line;
        while (port < 0 && (line = out.readLine()) != null) {
          Matcher m = ready.matcher(line);
          if (m.find()) {
            port = Integer.parseInt(m.group(1));
          }
        }
        if (port < 0) {
          throw new IllegalStateException("no ready line from " + command);
        }
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(java.io.Writer.nullWriter());
          } catch (java.io.IOException e) {
            // ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        long tReady = System.nanoTime();
        int status;
        try (Http http = new Http(port)) {
          Workload.Req r = Workload.preload(0);
          status = http.send(r.method(), r.path(), r.body());
        }
        long tDone = System.nanoTime();
        return new Times((tReady - t0) / 1e6, (tDone - t0) / 1e6, (tDone - tReady) / 1e6, status);
      } finally {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not launch " + command + ": " + e.getMessage(), e);
    }
  }
}
