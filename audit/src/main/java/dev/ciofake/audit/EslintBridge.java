package dev.ciofake.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs eslint-plugin-customerio over JS/TS files with the machine's Node and the bundle packed into this jar
 * ({@value #BUNDLE}: ESLint's Linter, typescript-eslint's parser with TypeScript, the plugin; built by esbuild in the
 * Maven build). Nothing is installed or read from the audited repository's {@code node_modules}. The files go to
 * one or two Node processes on stdin; each answers one JSON line per file.
 */
final class EslintBridge {
  /** Class-path resource of the bundle. */
  static final String BUNDLE = "dev/ciofake/audit/eslint/cio-audit-eslint.js";
  /** Files per Node process before a second one is worth its start-up (about 0.3 s). */
  private static final int FILES_PER_WORKER = 150;
  private static final int MIN_NODE_MAJOR = 18;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A message of the plugin for one file. */
  record Message(String findingId, String ruleId, int line, int column, String message) {}

  /** What Node said about one file. */
  record FileResult(Path file, List<Message> messages, List<Message> unjustified, int justified, String error) {}

  /** Why the ESLint half cannot run, or null when it can. */
  record Availability(Path node, String nodeVersion, String unavailable) {}

  private EslintBridge() {}

  static boolean bundled() {
    return EslintBridge.class.getClassLoader().getResource(BUNDLE) != null;
  }

  /** Finds Node ({@code --node}, else {@code CIO_FAKE_NODE}, else {@code node} on the PATH) and checks the bundle. */
  static Availability availability(String nodeOption) {
    if (!bundled()) {
      return new Availability(null, null, "this cio-fake jar was built without the ESLint bundle (it is built when "
          + "`npm ci --prefix audit/eslint-plugin-customerio` has run before `mvn package`)");
    }
    Path node = null;
    String configured = nodeOption != null ? nodeOption : System.getenv("CIO_FAKE_NODE");
    if (configured != null && !configured.isBlank()) {
      node = Path.of(configured);
      if (!Files.isExecutable(node)) {
        return new Availability(null, null, "the Node executable " + configured + " does not exist or cannot run");
      }
    } else {
      String path = System.getenv("PATH");
      for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
        for (String name : new String[] {"node", "node.exe"}) {
          Path p = Path.of(dir.isEmpty() ? "." : dir, name);
          if (Files.isRegularFile(p) && Files.isExecutable(p)) {
            node = p;
            break;
          }
        }
        if (node != null) {
          break;
        }
      }
      if (node == null) {
        return new Availability(null, null, "Node.js was not found on the PATH (install Node " + MIN_NODE_MAJOR
            + "+, or pass --node PATH)");
      }
    }
    String version = version(node);
    Matcher m = Pattern.compile("^v(\\d+)\\.").matcher(version == null ? "" : version);
    if (!m.find() || Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
      return new Availability(node, version, "Node " + MIN_NODE_MAJOR + "+ is needed, " + node + " is "
          + (version == null ? "unknown" : version));
    }
    return new Availability(node, version, null);
  }

  private static String version(Path node) {
    try {
      Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Writes the bundle once per content to the temp directory and returns it. */
  static Path extract() throws IOException {
    byte[] bytes;
    try (InputStream in = EslintBridge.class.getClassLoader().getResourceAsStream(BUNDLE)) {
      if (in == null) {
        throw new IOException("no " + BUNDLE + " in the jar");
      }
      bytes = in.readAllBytes();
    }
    String hash;
    try {
      hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path target = Path.of(System.getProperty("java.io.tmpdir"), "cio-fake-audit-eslint-" + hash + ".js");
    if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
      Path tmp = Files.createTempFile(target.getParent(), "cio-fake-audit-eslint-", ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return target;
  }

  /**
   * Lints the files (absolute paths) in up to {@code workers} Node processes; each file's result goes to
   * {@code sink} as it arrives (from the reading threads).
   */
  static void lint(Path node, List<Path> files, int workers, String eventNameCase, Consumer<FileResult> sink)
      throws IOException {
    if (files.isEmpty()) {
      return;
    }
    Path bundle = extract();
    int n = Math.max(1, Math.min(workers, (files.size() + FILES_PER_WORKER - 1) / FILES_PER_WORKER));
    List<List<Path>> slices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      slices.add(new ArrayList<>());
    }
    for (int i = 0; i < files.size(); i++) {
      slices.get(i % n).add(files.get(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "cio-audit-eslint");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (List<Path> slice : slices) {
        running.add(pool.submit(() -> {
          run(node, bundle, slice, eventNameCase, sink);
          return null;
        }));
      }
      for (Future<Void> f : running) {
        try {
          f.get(30, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IOException("ESLint took longer than 30 minutes");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void run(Path node, Path bundle, List<Path> files, String eventNameCase, Consumer<FileResult> sink)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(node.toString(), bundle.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("NODE_OPTIONS", "--max-old-space-size=1024");
    Process p = pb.start();
    ObjectNode request = JSON.createObjectNode();
    files.forEach(f -> request.withArray("files").add(f.toString()));
    if (eventNameCase != null) {
      request.putObject("options").put("eventNameCase", eventNameCase);
    }
    Thread writer = new Thread(() -> {
      try (OutputStream os = p.getOutputStream()) {
        JSON.writeValue(os, request);
      } catch (IOException ignored) {
        // the reader reports the process's end
      }
    }, "cio-audit-eslint-input");
    writer.setDaemon(true);
    writer.start();
    boolean done = false;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode j = JSON.readTree(line);
        if (j.path("done").asBoolean()) {
          done = true;
          continue;
        }
        sink.accept(result(j));
      }
    }
    try {
      p.waitFor(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!done) {
      p.destroyForcibly();
      throw new IOException("the ESLint process stopped early (exit " + (p.isAlive() ? "?" : p.exitValue()) + ")");
    }
  }

  private static FileResult result(JsonNode j) {
    Path file = Path.of(j.path("file").asText());
    if (j.hasNonNull("error")) {
      return new FileResult(file, List.of(), List.of(), 0, j.get("error").asText());
    }
    List<Message> messages = new ArrayList<>();
    j.path("messages").forEach(m -> messages.add(message(m)));
    List<Message> unjustified = new ArrayList<>();
    int justified = 0;
    for (JsonNode s : j.path("suppressed")) {
      if (s.path("justification").asText("").isBlank()) {
        unjustified.add(message(s));
      } else {
        justified++;
      }
    }
    return new FileResult(file, messages, unjustified, justified, null);
  }

  private static Message message(JsonNode m) {
    return new Message(m.path("findingId").asText(), m.path("ruleId").asText(), m.path("line").asInt(1),
        m.path("column").asInt(1), m.path("message").asText());
  }

  /** The plugin's rule names by finding id, for messages. */
  static final Map<String, String> RULES = Map.of("millisecond-timestamp", "no-millisecond-timestamp",
      "track-before-identify", "identify-before-track", "no-connection-reuse", "no-client-per-request",
      "blocking-analytics-call", "no-blocking-analytics", "dynamic-event-name", "no-dynamic-event-name",
      "inconsistent-event-name", "event-name-case", "pii-in-name", "no-pii-in-name",
      "hardcoded-credentials", "no-hardcoded-credentials");
}
