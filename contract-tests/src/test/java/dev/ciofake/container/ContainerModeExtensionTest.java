package dev.ciofake.container;

import static dev.ciofake.assertions.CioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.junit5.CustomerIoFake;
import dev.ciofake.junit5.Mode;
import dev.ciofake.sample.SignupService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The JUnit extension against the container image: the same test code as in process, only
 * {@code mode = CONTAINER}. Skipped, with the reason, where no container engine (or no image) is available.
 */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ContainerImages.Ensure.class)
@CustomerIoFake(mode = Mode.CONTAINER, rateLimits = false)
// It checks the cio.* system properties, which every @CustomerIoFake class running beside it would set too (the
// README's quickstart class among them, which must stay as it is): so nothing runs beside it, container tests included.
@Isolated
class ContainerModeExtensionTest {

  @Test
  void theSampleSignupPassesAgainstTheSidecar(CioFake cio) {
    assertThat(cio.baseUrl()).doesNotContain(":8091");
    SignupService service = new SignupService(cio.trackUrl(), cio.siteId(), cio.trackApiKey());

    service.signUp("42", "ada@example.com", "pro");

    cio.await().atMost(Duration.ofSeconds(10)).untilEvent("signed_up").forPerson("42");
    assertThat(cio).person("42").hasEmail("ada@example.com");
    assertThat(cio).hasNoPitfalls();
  }

  @Test
  void eachTestStartsWithACleanWorkspace(CioFake cio) {
    assertThat(cio.people()).isEmpty();
    assertThat(cio.pitfalls()).isEmpty();
    assertThat(System.getProperty("cio.track.url")).isEqualTo(cio.trackUrl());
  }

  @Test
  void chaosWorksThroughTheSameHandle(CioFake cio) throws Exception {
    cio.chaos().error(503).onTrack().forRequests(1).apply();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest identify = HttpRequest.newBuilder(URI.create(cio.trackUrl() + "/customers/43"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (cio.siteId() + ":" + cio.trackApiKey()).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"bob@example.com\"}")).build();

    int first = http.send(identify, HttpResponse.BodyHandlers.discarding()).statusCode();
    int second = http.send(identify, HttpResponse.BodyHandlers.discarding()).statusCode();

    assertThat(first).isEqualTo(503);
    assertThat(second).isEqualTo(200);
    assertThat(cio.person("43")).isPresent();
  }
}
