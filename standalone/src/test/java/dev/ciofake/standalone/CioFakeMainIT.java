package dev.ciofake.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone jar as a real process: {@code java -jar cio-fake.jar}, configured by flags or by
 * {@code CIO_FAKE_*} variables, serving HTTP, and stopping cleanly (exit code 0) on SIGTERM.
 *
 * <p>The jar is written by the shade plugin in the {@code package} phase, after surefire's {@code test} phase. So
 * this class is an {@code *IT} run by maven-failsafe-plugin in {@code mvn verify}, which passes the jar's path in
 * the system property {@value #JAR_PROPERTY}. A plain {@code mvn test} does not run it; run from an IDE without a
 * built jar, it is skipped (an assumption), never failed.
 */
class CioFakeMainIT {
  static final String JAR_PROPERTY = "cio-fake.jar";
  static final String ARCHIVE_PROPERTY = "cio-fake.jsa";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;
  private Process process;
  private Path log;

  @BeforeEach
  void requireTheJar() {
    Path jar = jar();
    assertThat(jar).as("the standalone jar, which `mvn verify` builds before this test").isRegularFile();
  }

  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void startsOnAFreePortServesTrackAndStopsWithExitCode0OnSigterm() throws Exception {
    start(List.of("--port", "0"), Map.of());
    String trackUrl = trackUrl();
    assertThat(trackUrl).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
    awaitLine(l -> l.startsWith("cio-fake workspace site_id=cio-fake-site track_api_key=****"));
    assertThat(output()).anyMatch(l -> l.matches("cio-fake \\S+ started in \\d+ ms"));
    assertThat(String.join("\n", output())).doesNotContain("cio-fake-track-key").doesNotContain("cio-fake-app-key");

    HttpResponse<String> identify = send("PUT", trackUrl + "/customers/42",
        basic("cio-fake-site", "cio-fake-track-key"), """
        {"email": "ada@example.com", "created_at": 1700000000}
        """);
    assertThat(identify.statusCode()).isEqualTo(200);
    assertThat(identify.body().trim()).isEqualTo("{}");
    HttpResponse<String> person = send("GET", adminUrl(trackUrl) + "/workspaces/cio-fake-site/people/42", null, null);
    assertThat(person.statusCode()).isEqualTo(200);
    assertThat(person.body()).contains("\"email\":\"ada@example.com\"");

    stopWithSigterm();
  }

  @Test
  void isConfiguredByEnvironmentVariables() throws Exception {
    start(List.of(), Map.of("CIO_FAKE_PORT", "0", "CIO_FAKE_WORKSPACES", "shop:shop-track:shop-app"));
    String trackUrl = trackUrl();
    awaitLine(l -> l.equals("cio-fake workspace site_id=shop track_api_key=**** app_api_key=**** "
        + "pipelines_api_key=****-key"));
    assertThat(output()).noneMatch(l -> l.contains("cio-fake-site"));

    HttpResponse<String> identify = send("PUT", trackUrl + "/customers/42", basic("shop", "shop-track"), """
        {"email": "ada@example.com"}
        """);
    assertThat(identify.statusCode()).isEqualTo(200);
    HttpResponse<String> defaultCredentials = send("PUT", trackUrl + "/customers/42",
        basic("cio-fake-site", "cio-fake-track-key"), "{}");
    assertThat(defaultCredentials.statusCode()).as("only the configured workspace exists").isEqualTo(401);

    stopWithSigterm();
  }

  @Test
  void checkServesOneIdentifyStopsAndExitsWith0() throws Exception {
    start(List.of("--check", "--port", "0"), Map.of());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("--check stops by itself").isTrue();
    assertThat(process.exitValue()).as("exit code; output: %s", output()).isZero();
    assertThat(output()).anyMatch(l -> l.matches("cio-fake check passed: PUT /api/v1/customers/cio-fake-check "
        + "in workspace cio-fake-site answered HTTP/1\\.1 200 OK in \\d+ ms"));
  }

  @Test
  void checkExitsWith1AndSaysWhatItGotWhenTheIdentifyIsRefused() throws Exception {
    start(List.of("--check", "--port", "0",
        "--chaos", "{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"error\",\"status\":503}}"), Map.of());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("--check stops by itself").isTrue();
    assertThat(process.exitValue()).as("exit code; output: %s", output()).isEqualTo(1);
    assertThat(output()).anyMatch(l -> l.startsWith("cio-fake check FAILED: ") && l.contains("HTTP/1.1 503"));
  }

  /**
   * The class-data archive the build records beside the jar fits the jar and this JDK: {@code -Xshare:on} makes
   * the JVM refuse to start when an archive cannot be used, so a stale or broken archive fails this test.
   */
  @Test
  void theClassDataArchiveBesideTheJarIsUsableWithTheReadmeFlags() throws Exception {
    Path archive = Path.of(System.getProperty(ARCHIVE_PROPERTY, "target/cio-fake.jsa"));
    Assumptions.assumeFalse(Boolean.getBoolean("cio-fake.cds.skip"),
        "the build was run with -Dcds.skip, so it recorded no archive for this jar");
    Assumptions.assumeTrue(Files.isRegularFile(archive), "no class-data archive at " + archive.toAbsolutePath());
    start(List.of("--check", "--port", "0"), Map.of(), List.of("-Xshare:on",
        "-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-XX:TieredStopAtLevel=1"));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit code with -Xshare:on; output: %s", output()).isZero();
    assertThat(output()).anyMatch(l -> l.startsWith("cio-fake check passed: "))
        .noneMatch(l -> l.contains("[cds") || l.contains("shared archive"));
  }

  // ---------------------------------------------------------------- helpers

  private static Path jar() {
    return Path.of(System.getProperty(JAR_PROPERTY, "target/cio-fake.jar"));
  }

  private void start(List<String> args, Map<String, String> env) throws IOException {
    start(args, env, List.of());
  }

  private void start(List<String> args, Map<String, String> env, List<String> jvmFlags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(args);
    // Output goes to a file: it outlives the process, so nothing it printed while stopping can be lost.
    log = dir.resolve("cio-fake.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CIO_FAKE_"));
    pb.environment().putAll(env);
    process = pb.start();
  }

  /** What the process printed so far, stdout and stderr, line by line. */
  private List<String> output() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the {@code cio-fake track http://...} line the process prints once it serves. */
  private String trackUrl() {
    return awaitLine(l -> l.startsWith("cio-fake track ")).substring("cio-fake track ".length()).trim();
  }

  /** Waits until the running process has printed a line that matches, and returns it. */
  private String awaitLine(Predicate<String> wanted) {
    Optional<String> line = await("a line of the process's output")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> {
          Optional<String> found = output().stream().filter(wanted).findFirst();
          if (found.isEmpty()) {
            assertThat(process.isAlive()).as("process alive, output: %s", output()).isTrue();
          }
          return found;
        }, Optional::isPresent);
    return line.orElseThrow();
  }

  private static String adminUrl(String trackUrl) {
    return trackUrl.replace("/api/v1", "/__cio");
  }

  private void stopWithSigterm() throws InterruptedException {
    process.destroy(); // SIGTERM on Unix
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    assertThat(process.exitValue()).as("exit code after SIGTERM; output: %s", output()).isZero();
    assertThat(output()).contains("cio-fake stopped");
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(String method, String url, String auth, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
