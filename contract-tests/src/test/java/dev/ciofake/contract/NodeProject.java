package dev.ciofake.contract;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The pinned Node project {@code contract-tests/node} (customerio-node 5.2.0, locked), ready for a test: installed with
 * {@code npm ci} by the first test that needs it, once per JVM and whatever the order of the classes (so no class runs
 * nothing because another had not installed it yet). Without {@code node} or {@code npm} on the PATH, or when the
 * install fails, the calling test is skipped with the reason: call {@link #require()} from a test or
 * {@code @BeforeEach}, where a skip is reported per test.
 */
public final class NodeProject {
  private static final long NPM_CI_MINUTES = 3;
  private static String unavailable;
  private static Path ready;

  private NodeProject() {}

  /** The project's folder, with customerio-node installed; skips the calling test when that cannot be. */
  public static synchronized Path require() {
    if (ready == null && unavailable == null) {
      prepare();
    }
    Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    return ready;
  }

  /** The {@code node} executable found on the PATH (call after {@link #require()}). */
  public static String node() {
    Path p = onPath("node");
    return p == null ? "node" : p.toString();
  }

  private static void prepare() {
    Path dir = folder();
    Path node = onPath("node");
    Path npm = onPath("npm");
    if (node == null) {
      unavailable = "node is not on the PATH: the real Node client cannot run here";
      return;
    }
    if (!Files.isDirectory(dir.resolve("node_modules/customerio-node"))) {
      if (npm == null) {
        unavailable = "npm is not on the PATH: the pinned customerio-node cannot be installed";
        return;
      }
      try {
        Path log = Files.createTempFile("cio-fake-npm-ci", ".log");
        Process p = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund").directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(NPM_CI_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
          p.destroyForcibly();
          unavailable = "npm ci in " + dir + " failed: " + Files.readString(log, StandardCharsets.UTF_8).strip();
          return;
        }
      } catch (IOException e) {
        unavailable = "npm ci in " + dir + " could not run: " + e.getMessage();
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unavailable = "interrupted while installing " + dir;
        return;
      }
    }
    ready = dir;
  }

  /** {@code contract-tests/node}, from the module directory (Maven) or the repository root (an IDE). */
  static Path folder() {
    Path cwd = Path.of(System.getProperty("user.dir"));
    for (Path p : List.of(cwd.resolve("node"), cwd.resolve("contract-tests").resolve("node"))) {
      if (Files.isRegularFile(p.resolve("package-lock.json"))) {
        return p;
      }
    }
    throw new AssertionError("contract-tests/node/package-lock.json not found from " + cwd);
  }

  /** {@code name} on the PATH (with the Windows extensions), or {@code null}. */
  static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      for (String ext : new String[] {"", ".exe", ".cmd"}) {
        Path p = Path.of(d.isEmpty() ? "." : d, name + ext);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }
}
