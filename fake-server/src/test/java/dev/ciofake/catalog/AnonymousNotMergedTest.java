package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class AnonymousNotMergedTest extends CatalogTestBase {

  private void trackAnonymous(String json) {
    assertThat(http.track("POST", "/api/v1/events", json).status()).isEqualTo(200);
  }

  @Test
  void anonymousActivityNeverMergedIsJudgedWhenPitfallsAreRead() {
    trackAnonymous("{\"name\":\"viewed_pricing\",\"anonymous_id\":\"anon-1\"}");
    trackAnonymous("{\"name\":\"viewed_docs\",\"anonymous_id\":\"anon-1\"}");
    trackAnonymous("{\"name\":\"viewed_pricing\",\"anonymous_id\":\"anon-2\"}");
    identify("42", "{\"email\":\"ada@example.com\"}");

    JsonNode p = onlyPitfall("anonymous-not-merged");
    assertThat(p.get("severity").asText()).isEqualTo("warning");
    assertThat(p.at("/evidence/anonymous_ids").asInt()).isEqualTo(2);
    assertThat(p.at("/evidence/events").asInt()).isEqualTo(3);
    assertThat(p.get("message").asText()).contains("anon-1").contains("anon-2");
  }

  @Test
  void identifyCarryingTheAnonymousIdClearsIt() {
    trackAnonymous("{\"name\":\"viewed_pricing\",\"anonymous_id\":\"anon-1\"}");
    assertThat(pitfalls("anonymous-not-merged")).hasSize(1);

    identify("42", "{\"email\":\"ada@example.com\",\"anonymous_id\":\"anon-1\"}");

    assertThat(pitfalls("anonymous-not-merged")).isEmpty();
    assertThat(server.pitfalls()).noneMatch(p -> p.id().equals("anonymous-not-merged"));
  }

  @Test
  void inviteEventsWithoutAnonymousIdDoNotCount() {
    trackAnonymous("{\"name\":\"invited\",\"data\":{\"recipient\":\"friend@example.com\"}}");

    assertThat(pitfalls("anonymous-not-merged")).isEmpty();
  }
}
