package dev.ciofake.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.internal.config.Configuration;
import dev.ciofake.testcontainers.CustomerIoFakeContainer;
import dev.ciofake.testing.OptionFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Every option survives the trip into the container: options with every setting changed, given to the Testcontainers
 * module, are what the fake in the image reports at {@code GET /__cio/options} (the port and bind address, which are
 * the container's own, aside). Skipped, with the reason, without a container engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ContainerImages.Ensure.class)
@ResourceLock(ContainerEngine.LOCK) // one class on the container engine at a time (see ContainerEngine)
class ContainerOptionsRoundTripTest {

  @Test
  void everyOptionReachesTheFakeInTheImage() throws Exception {
    CioFakeOptions options = OptionFixtures.everythingChanged();
    try (CustomerIoFakeContainer c = new CustomerIoFakeContainer(ContainerImages.IMAGE).withOptions(options)) {
      c.start();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(c.getAdminUrl() + "/options")).header("Authorization", "Bearer " + options.adminToken()).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode reported = new ObjectMapper().readTree(r.body()).get("options");

      Map<String, String> expected = new LinkedHashMap<>(Configuration.describe(options));
      expected.put("CIO_FAKE_PORT", String.valueOf(CustomerIoFakeContainer.PORT));
      expected.put("CIO_FAKE_BIND", "0.0.0.0");
      Map<String, String> actual = new LinkedHashMap<>();
      reported.fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
      assertThat(actual).isEqualTo(expected);
      assertThat(c.fake().siteId()).isEqualTo("shop");
    }
  }
}
