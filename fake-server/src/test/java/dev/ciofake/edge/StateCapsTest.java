package dev.ciofake.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Caps on everything that grows, and honesty at them (issue 15, items 4 and 11): past the people cap requests are
 * answered as the real service would, the dropped are counted as people (not requests) and keep one cio_id, no false
 * {@code track-before-identify} is recorded, and a {@code state-cap-reached} diagnostic shows in the report and the
 * health check; objects, devices and relationships are capped and counted too.
 */
class StateCapsTest {
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().maxPeoplePerWorkspace(10)
      .rateLimits(false).build());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    http = new FakeHttp(s);
  }

  private static JsonNode stats() {
    return http.admin("GET", "/__cio/workspaces/cio-fake-site", null).json().path("stats");
  }

  @Test
  void pastThePeopleCapTheFakeStaysHonest() {
    for (int i = 1; i <= 20; i++) {
      assertThat(http.track("PUT", "/api/v1/customers/p" + i, "{\"email\":\"p" + i + "@example.com\"}").status())
          .isEqualTo(200);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(http.track("POST", "/api/v1/customers/p15/events", "{\"name\":\"viewed\",\"data\":{\"i\":" + i + "}}")
          .status()).isEqualTo(200);
    }
    JsonNode stats = stats();
    assertThat(stats.path("people").asInt()).isEqualTo(10);
    assertThat(stats.path("people_dropped").asInt()).as("people, not requests").isEqualTo(10);
    // the people kept out have no history: 10 x (profile_create, attribute_change) kept; 10 x 2 and 5 events not
    assertThat(stats.path("activities").asInt()).isEqualTo(20);
    assertThat(stats.path("activities_dropped").asInt()).isEqualTo(25);
    JsonNode activities = http.app("GET", "/v1/activities?deleted=true&limit=1000", null).json().path("activities");
    assertThat(activities).hasSize(20).allMatch(a -> a.at("/customer_identifiers/cio_id").asText().length() == 8
        && Integer.parseInt(a.at("/customer_id").asText().substring(1)) <= 10);
    assertThat(stats.path("state_cap_reached").asBoolean()).isTrue();

    Set<String> cioIds = new HashSet<>();
    for (JsonNode e : http.admin("GET", "/__cio/workspaces/cio-fake-site/events", null).json().path("events")) {
      cioIds.add(e.path("person_cio_id").asText());
    }
    assertThat(cioIds).as("one cio_id for the person the cap kept out").hasSize(1);

    JsonNode pitfalls = http.admin("GET", "/__cio/pitfalls?id=track-before-identify", null).json();
    assertThat(pitfalls.path("count").asInt()).isZero();

    JsonNode report = http.admin("GET", "/__cio/report", null).json();
    JsonNode ws = report.path("workspaces").get(0);
    assertThat(ws.path("diagnostics").get(0).path("id").asText()).isEqualTo("state-cap-reached");
    assertThat(ws.path("diagnostics").get(0).path("message").asText()).contains("10 people");
    assertThat(ws.path("limits").path("people").path("cap").asInt()).isEqualTo(10);
    assertThat(ws.path("limits").path("people").path("dropped").asInt()).isEqualTo(10);
    assertThat(ws.path("score").asInt()).as("a fake's limit costs no score").isEqualTo(100);
    assertThat(http.admin("GET", "/__cio/report?format=html", null).body()).contains("state-cap-reached");
    assertThat(http.admin("GET", "/__cio/report?format=junit", null).body()).contains("state-cap-reached");

    JsonNode health = http.admin("GET", "/__cio/health", null).json();
    assertThat(health.path("state_cap_reached").get(0).asText()).isEqualTo("cio-fake-site");
    assertThat(health.path("limits").path("dropped").path("people").asInt()).isEqualTo(10);
    assertThat(health.path("limits").path("journal").path("cap").asInt()).isPositive();
  }

  @Test
  void objectsDevicesAndRelationshipsAreCappedAndCounted() {
    for (int i = 0; i < 15; i++) {
      assertThat(http.track("POST", "/api/v2/entity", "{\"type\":\"object\",\"identifiers\":{\"object_type_id\":\"1\","
          + "\"object_id\":\"o" + i + "\"},\"action\":\"identify\",\"attributes\":{}}").status()).isEqualTo(200);
    }
    http.track("PUT", "/api/v1/customers/dev", "{\"email\":\"dev@example.com\"}");
    for (int i = 0; i < 110; i++) {
      http.track("PUT", "/api/v1/customers/dev/devices", "{\"device\":{\"id\":\"tok" + i + "\",\"platform\":\"ios\"}}");
    }
    for (int i = 0; i < 2; i++) { // the same relationship twice is one relationship
      http.track("POST", "/api/v2/entity", "{\"type\":\"object\",\"identifiers\":{\"object_type_id\":\"1\","
          + "\"object_id\":\"o1\"},\"action\":\"add_relationships\",\"cio_relationships\":[{\"identifiers\":"
          + "{\"id\":\"dev\"}}]}");
    }
    JsonNode stats = stats();
    assertThat(stats.path("objects").asInt()).isEqualTo(10);
    assertThat(stats.path("objects_dropped").asInt()).isEqualTo(5);
    assertThat(stats.path("person_items_dropped").asInt()).isEqualTo(10);
    JsonNode person = http.admin("GET", "/__cio/workspaces/cio-fake-site/people/dev", null).json();
    assertThat(person.path("devices").size()).isEqualTo(100);
    for (JsonNode o : http.admin("GET", "/__cio/workspaces/cio-fake-site/objects", null).json().path("objects")) {
      if (o.path("key").asText().equals("1:o1")) {
        assertThat(o.path("relationships").size()).isEqualTo(1);
      }
    }
  }
}
