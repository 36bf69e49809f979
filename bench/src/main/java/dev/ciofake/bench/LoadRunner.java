package dev.ciofake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a load against a server from a process of its own: wrk with the workload's Lua script when wrk is installed,
 * else the bench's generator ({@link LoadMain}) in a JVM of its own, with the same connections, duration and
 * requests.
 */
final class LoadRunner {
  private final Path wrk;
  private final int wrkThreads;
  private final Path scripts;
  private final List<String> javaLoad;

  private LoadRunner(Path wrk, int wrkThreads, Path scripts, List<String> javaLoad) {
    this.wrk = wrk;
    this.wrkThreads = wrkThreads;
    this.scripts = scripts;
    this.javaLoad = javaLoad;
  }

  /** wrk when {@code useWrk} and it is on the PATH, else the bench's own generator. */
  static LoadRunner create(boolean useWrk, int wrkThreads, Path java, Path benchJar, Path workDir) throws IOException {
    Path found = null;
    if (useWrk) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        Path p = Path.of(dir, "wrk");
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          found = p;
          break;
        }
      }
    }
    Path scripts = Files.createDirectories(workDir.resolve("wrk"));
    String common = resource("common.lua");
    for (Workload w : Workload.values()) {
      Files.writeString(scripts.resolve(w.script + ".lua"), common + "\n" + resource(w.script + ".lua"));
    }
    return new LoadRunner(found, wrkThreads, scripts, List.of(java.toString(), "-XX:+UseSerialGC", "-cp",
        benchJar.toString(), LoadMain.class.getName()));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LoadRunner.class.getResourceAsStream("wrk/" + name)) {
      if (in == null) {
        throw new IOException("missing resource wrk/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  boolean usesWrk() {
    return wrk != null;
  }

  /** How the load is made, for the report. */
  String describe() {
    return wrk != null
        ? "`wrk` (" + version() + ") with " + wrkThreads + " threads and a Lua script per workload"
        : "the bench's own closed-loop generator (`dev.ciofake.bench.LoadMain`, HdrHistogram) in a JVM of its own, "
            + "one thread and keep-alive socket per connection (wrk is not installed)";
  }

  private String version() {
    try {
      Process p = new ProcessBuilder(wrk.toString(), "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("wrk").replaceAll("\\s*Copyright.*", "");
    } catch (IOException | InterruptedException e) {
      return "wrk";
    }
  }

  /** One measured load of whole seconds; a second is the least. */
  LoadResult run(int port, Workload w, int connections, int seconds, String prefix, int people)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (wrk != null) {
      int threads = Math.min(wrkThreads, connections);
      cmd.addAll(List.of(wrk.toString(), "-t" + threads, "-c" + connections, "-d" + Math.max(1, seconds) + "s",
          "--timeout", "10s", "-s", scripts.resolve(w.script + ".lua").toString(), "http://127.0.0.1:" + port, "--",
          prefix, String.valueOf(people), String.valueOf(threads)));
    } else {
      cmd.addAll(javaLoad);
      cmd.addAll(List.of("--port", String.valueOf(port), "--connections", String.valueOf(connections), "--seconds",
          String.valueOf(Math.max(1, seconds)), "--workload", w.name(), "--prefix", prefix, "--people",
          String.valueOf(people)));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(seconds + 60L, TimeUnit.SECONDS);
    LoadResult r = LoadResult.parse(out);
    if (r == null) {
      throw new IllegalStateException("no result from " + String.join(" ", cmd) + ":\n" + out);
    }
    return r;
  }

  /**
   * Identifies people {@code p0 .. p<count-1>} over 8 keep-alive connections from the bench's JVM (setting up the
   * state of a scale run; not measured). Returns how many answers were not 200.
   */
  static long preload(int port, int count) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong failed = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      Thread t = new Thread(() -> {
        try (Http http = new Http(port)) {
          for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
            Workload.Req r = Workload.preload(k);
            if (http.send(r.method(), r.path(), r.body()) != 200) {
              failed.incrementAndGet();
            }
          }
        } catch (IOException e) {
          failed.incrementAndGet();
        }
      });
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(10));
    }
    return failed.get();
  }
}
