package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.FakeHttp;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventNamePitfallsTest extends CatalogTestBase {

  @Test
  void nonSnakeCaseNameIsAnInconsistentEventName() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    track("42", "{\"name\":\"UserSignedUp\"}");

    JsonNode p = onlyPitfall("inconsistent-event-name");
    assertThat(p.get("severity").asText()).isEqualTo("warning");
    assertThat(p.at("/evidence/suggested").asText()).isEqualTo("user_signed_up");
  }

  @Test
  void oneNameSpelledTwoWaysIsReportedWithBothSpellings() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    track("42", "{\"name\":\"user_signed_up\"}");
    track("42", "{\"name\":\"user_signedup\"}");

    JsonNode p = onlyPitfall("inconsistent-event-name");
    assertThat(p.at("/evidence/event").asText()).isEqualTo("user_signedup");
    assertThat(p.at("/evidence/first_seen_as").asText()).isEqualTo("user_signed_up");
  }

  @Test
  void consistentSnakeCaseNamesDoNotFire() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    for (String n : List.of("order_created", "order_shipped", "order_refunded", "user_signed_up")) {
      track("42", "{\"name\":\"" + n + "\"}");
      track("42", "{\"name\":\"" + n + "\"}");
    }
    track("42", "{\"type\":\"page\",\"name\":\"https://example.com/Pricing\"}");

    assertThat(pitfalls("inconsistent-event-name")).isEmpty();
    assertThat(pitfalls("dynamic-event-name")).isEmpty();
  }

  @Test
  void namesEmbeddingIdsAreDynamic() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    track("42", "{\"name\":\"viewed_product_123\"}");
    track("42", "{\"name\":\"viewed_product_456\"}");
    track("42", "{\"name\":\"opened_doc_3f2a9c1e-7d4b-4c8a-9e1f-0a2b3c4d5e6f\"}");

    List<JsonNode> ps = pitfalls("dynamic-event-name");
    assertThat(ps).hasSize(2);
    assertThat(ps.get(0).get("severity").asText()).isEqualTo("error");
    assertThat(ps.get(0).at("/evidence/embedded_value").asText()).isEqualTo("123");
    assertThat(ps.get(1).at("/evidence/embedded_value").asText()).startsWith("3f2a9c1e");
  }

  @Test
  void manyNamesSharingAStemAreDynamicAtTheConfiguredThreshold() {
    try (CioFakeServer strict = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false)
        .dynamicEventNameThreshold(3).build())) {
      FakeHttp h = new FakeHttp(strict);
      h.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\"}");
      for (String category : List.of("shoes", "hats")) {
        h.track("POST", "/api/v1/customers/42/events", "{\"name\":\"viewed_category_" + category + "\"}");
      }
      assertThat(strict.pitfalls()).noneMatch(p -> p.id().equals("dynamic-event-name"));

      h.track("POST", "/api/v1/customers/42/events", "{\"name\":\"viewed_category_socks\"}");

      assertThat(strict.pitfalls()).filteredOn(p -> p.id().equals("dynamic-event-name")).singleElement()
          .satisfies(p -> {
            assertThat(p.evidence()).containsEntry("stem", "viewed_category").containsEntry("threshold", 3);
            assertThat(p.message()).contains("viewed_category_socks");
          });
    }
  }

  @Test
  void fixedNamesWithValuesInDataAreNotDynamic() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    for (int i = 100; i < 120; i++) {
      track("42", "{\"name\":\"product_viewed\",\"data\":{\"product_id\":" + i + "}}");
    }
    assertThat(pitfalls("dynamic-event-name")).isEmpty();
  }
}
