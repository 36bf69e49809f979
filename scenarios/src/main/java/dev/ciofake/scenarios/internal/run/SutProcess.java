package dev.ciofake.scenarios.internal.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The system under test as a child process: its output goes to a log file; stopping it stops its children too. */
public final class SutProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final List<String> command;

  private SutProcess(Process process, Path log, List<String> command) {
    this.process = process;
    this.log = log;
    this.command = command;
  }

  /**
   * Starts {@code command} in {@code cwd} (null: the current directory) with {@code env} added to this process's
   * environment.
   *
   * @throws IOException when the program cannot be started (not found, not executable)
   */
  public static SutProcess start(List<String> command, Path cwd, Map<String, String> env, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    pb.environment().putAll(env);
    return new SutProcess(pb.start(), log, List.copyOf(command));
  }

  private static java.io.File nullFile() {
    return new java.io.File(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
        ? "NUL" : "/dev/null");
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, once it has exited. */
  public int exitCode() {
    return process.exitValue();
  }

  public Path log() {
    return log;
  }

  public List<String> command() {
    return command;
  }

  /** The last {@code n} lines of its output. */
  public List<String> tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  /**
   * SIGTERM to the process (it may flush and exit on its own), waits up to {@code seconds}, then SIGKILL; returns
   * the exit code.
   */
  public int stop(int seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
    }
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** SIGTERM to it and its descendants; after 3 s, SIGKILL. */
  @Override
  public void close() {
    List<ProcessHandle> children = new ArrayList<>();
    process.descendants().forEach(children::add);
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
      }
      for (ProcessHandle c : children) {
        if (c.isAlive()) {
          c.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
