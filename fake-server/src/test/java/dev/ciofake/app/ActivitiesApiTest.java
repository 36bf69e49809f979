package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Activities (docs/app-api-facts.md section 2, "Customers"): the log the workspace keeps of what happened to each
 * person (profile created, attribute changes with from and to, events, merges, deliveries and their delivery
 * events), newest first, filtered by type and name, per person and workspace-wide, paged by {@code next}.
 */
class ActivitiesApiTest {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = CustomerIoFakeExtension.builder().systemProperties(false).options(CioFakeOptions.builder()
      .clock(FakeClock.frozenAt(Instant.parse("2026-03-01T10:00:00Z")))
      .rateLimit(RateClass.APP, RateLimit.perSecond(1000))
      .build()).build();

  private FakeHttp http;
  private CioFake cio;

  @BeforeEach
  void ada(CioFake fake) {
    cio = fake;
    http = new FakeHttp(cio.baseUrl(), cio.credentials());
    AppSupport.identify(http, "ada", "{\"email\":\"ada@example.com\",\"plan\":\"free\"}");
    assertThat(http.track("POST", "/api/v1/customers/ada/events", "{\"name\":\"purchase\",\"data\":{\"price\":3}}")
        .status()).isEqualTo(200);
    AppSupport.identify(http, "ada", "{\"plan\":\"pro\"}");
  }

  private static List<String> types(JsonNode activities) {
    List<String> out = new ArrayList<>();
    activities.forEach(a -> out.add(a.get("type").asText()));
    return out;
  }

  @Test
  void aPersonsActivitiesAreWhatHappenedToThemNewestFirst() {
    String delivery = assertAppOk(http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,"
        + "\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"ada\"}}")).get("delivery_id").asText();
    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> types(assertAppOk(http.app("GET",
        "/v1/customers/ada/activities", null)).get("activities")).contains("delivered_email"));

    JsonNode all = assertAppOk(http.app("GET", "/v1/customers/ada/activities", null)).get("activities");
    assertThat(types(all)).containsExactly("delivered_email", "sent_email", "attribute_change", "event",
        "attribute_change", "profile_create");
    assertThat(all.get(0).get("delivery_id").asText()).isEqualTo(delivery);
    assertThat(all.get(2).at("/data/plan/from").asText()).isEqualTo("free");
    assertThat(all.get(2).at("/data/plan/to").asText()).isEqualTo("pro");
    assertThat(all.get(3).get("name").asText()).isEqualTo("purchase");
    assertThat(all.get(3).at("/customer_identifiers/email").asText()).isEqualTo("ada@example.com");

    JsonNode events = assertAppOk(http.app("GET", "/v1/customers/ada/activities?type=event&name=purchase", null));
    assertThat(types(events.get("activities"))).containsExactly("event");
    JsonNode page = assertAppOk(http.app("GET", "/v1/customers/ada/activities?limit=2", null));
    assertThat(page.get("activities")).hasSize(2);
    JsonNode next = assertAppOk(http.app("GET", "/v1/customers/ada/activities?limit=2&start="
        + page.get("next").asText(), null));
    assertThat(types(next.get("activities"))).containsExactly("attribute_change", "event");
  }

  @Test
  void activityIdsAreUlidsOfTheirTimeTheSameOnEveryReadAndNeverRepeated() {
    for (int i = 0; i < 40; i++) {
      AppSupport.identify(http, "ada", "{\"logins\":" + i + "}");
    }
    JsonNode first = assertAppOk(http.app("GET", "/v1/activities?limit=1000", null)).get("activities");
    JsonNode again = assertAppOk(http.app("GET", "/v1/activities?limit=1000", null)).get("activities");
    List<String> ids = new ArrayList<>();
    first.forEach(a -> ids.add(a.get("id").asText()));
    List<String> idsAgain = new ArrayList<>();
    again.forEach(a -> idsAgain.add(a.get("id").asText()));
    assertThat(ids).hasSize(44).doesNotHaveDuplicates().isEqualTo(idsAgain)
        .allMatch(id -> id.matches("[0-9A-HJKMNP-TV-Z]{26}"));
    // the first 10 characters are the time: 2026-03-01T10:00:00Z in milliseconds, Crockford base32
    long millis = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    StringBuilder time = new StringBuilder();
    for (int i = 0; i < 10; i++, millis >>>= 5) {
      time.insert(0, "0123456789ABCDEFGHJKMNPQRSTVWXYZ".charAt((int) (millis & 31)));
    }
    assertThat(ids).allMatch(id -> id.startsWith(time.toString()));
    assertThat(first.get(0).at("/data/logins/to").asText()).isEqualTo("39");
    assertThat(first.get(0).at("/data/logins/from").asText()).isEqualTo("38");
  }

  @Test
  void theWorkspacesActivitiesFilterByPersonAndAMergeIsOne() {
    AppSupport.identify(http, "bob", "{\"email\":\"bob@example.com\"}");
    assertThat(http.track("POST", "/api/v1/merge_customers", "{\"primary\":{\"id\":\"ada\"},\"secondary\":"
        + "{\"id\":\"bob\"}}").status()).isEqualTo(200);
    JsonNode ada = assertAppOk(http.app("GET", "/v1/activities?customer_id=ada&id_type=id", null));
    assertThat(types(ada.get("activities"))).first().isEqualTo("profile_merge");
    assertThat(ada.get("activities").get(0).at("/data/merged_id").asText()).isEqualTo("bob");
    JsonNode changes = assertAppOk(http.app("GET", "/v1/activities?type=attribute_change", null));
    assertThat(types(changes.get("activities"))).isNotEmpty().allMatch("attribute_change"::equals);
  }
}
