package dev.ciofake.container;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.Pitfall;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testcontainers.CustomerIoFakeContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Testcontainers module against the real image: start, configuration by env, admin API from the host. */
@Testcontainers(disabledWithoutDocker = true)
@ResourceLock(ContainerEngine.LOCK) // one class on the container engine at a time (see ContainerEngine)
class CustomerIoFakeContainerTest {
  private static final WorkspaceCredentials SHOP = new WorkspaceCredentials("shop", "shop-track-key", "shop-app-key");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static CustomerIoFakeContainer cio;

  @BeforeAll
  static void start() {
    ContainerImages.ensureImage();
    cio = new CustomerIoFakeContainer().withOptions(CioFakeOptions.builder().workspace(SHOP).lenientTimestamps(true)
        .rateLimits(false).build());
    cio.start();
  }

  @AfterAll
  static void stop() {
    if (cio != null) {
      cio.stop();
    }
  }

  @BeforeEach
  void reset() {
    cio.fake().reset();
    cio.fake().chaos().clear();
  }

  private static HttpResponse<String> identify(String id, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(cio.getTrackUrl() + "/customers/" + id))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (SHOP.siteId() + ":" + SHOP.trackApiKey()).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheTrackApiWithTheWorkspaceFromTheEnvironment() throws Exception {
    HttpResponse<String> r = identify("42", "{\"email\":\"ada@example.com\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}\n");
    assertThat(cio.getCredentials()).isEqualTo(SHOP);
    assertThat(cio.fake().person("42")).hasValueSatisfying(p -> assertThat(p.email()).isEqualTo("ada@example.com"));
  }

  @Test
  void lenientTimestampsFromTheEnvironmentAcceptMillisecondsAndStillRecordThePitfall() throws Exception {
    HttpResponse<String> r = identify("42", "{\"email\":\"ada@example.com\",\"created_at\":1700000000000}");

    assertThat(r.statusCode()).isEqualTo(200);
    List<Pitfall> pitfalls = cio.fake().pitfalls();
    assertThat(pitfalls).extracting(Pitfall::id).containsExactly("millisecond-timestamp");
    assertThat(pitfalls.get(0).evidence()).containsEntry("accepted", true);
  }

  @Test
  void chaosIsSetFromTheHostThroughTheAdminApi() throws Exception {
    CioFake fake = cio.fake();
    fake.chaos().error(503).retryAfter(1).onTrack().forRequests(1).apply();

    HttpResponse<String> first = identify("42", "{\"email\":\"ada@example.com\"}");
    HttpResponse<String> second = identify("42", "{\"email\":\"ada@example.com\"}");

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(second.statusCode()).isEqualTo(200);
  }

  @Test
  void servesTheWebViewFromTheImageToTheHost() throws Exception {
    assertThat(identify("42", "{\"email\":\"ada@example.com\"}").statusCode()).isEqualTo(200);
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(cio.getAdminUrl() + "/ui")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    assertThat(page.body()).contains("<script src=\"/__cio/ui/app.js\" defer></script>");
    HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(URI.create(cio.getAdminUrl() + "/ui/app.js"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    // what the page reads: the person's timeline
    HttpResponse<String> timeline = HTTP.send(HttpRequest.newBuilder(URI.create(cio.getAdminUrl()
        + "/workspaces/shop/people/42/timeline")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(timeline.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(timeline.body()).at("/timeline/0/operation").asText()).isEqualTo("identify");
  }

  @Test
  void runsAsANonRootUserAndAnswersHealth() throws Exception {
    assertThat(cio.getContainerInfo().getConfig().getUser()).isEqualTo("65532:65532");
    JsonNode health = new ObjectMapper().readTree(HTTP.send(HttpRequest.newBuilder(
        URI.create(cio.getAdminUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
    assertThat(health.get("status").asText()).isEqualTo("ok");
  }

  @Test
  void theHealthCheckOfTheDockerfileAndComposeWorksInTheJibImage() throws Exception {
    assertThat(cio.execInContainer(ContainerAssetsTest.healthCheck().toArray(String[]::new)).getExitCode())
        .as("docker/compose.yaml's health check in the Jib image").isZero();
  }
}
