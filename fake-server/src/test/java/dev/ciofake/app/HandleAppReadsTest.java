package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeException;
import dev.ciofake.PitfallIds;
import dev.ciofake.junit5.AllowPitfalls;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The handle's typed reads of what the App API keeps: messages with their metrics, the ESP suppression lists (seeded,
 * added, and filled by the fake's own bounces) and segment membership; read over the admin API, so they spend none of
 * the integration's App rate class and no detector sees them.
 */
class HandleAppReadsTest {
  static final Instant T0 = AppSupport.T0;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = AppSupport.extension(AppSupport.shop());

  private FakeHttp http;
  private CioFake cio;

  @BeforeEach
  void people(CioFake fake) {
    cio = fake;
    http = new FakeHttp(cio.baseUrl(), cio.credentials());
    AppSupport.identify(http, "ada", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}");
    AppSupport.identify(http, "bob", "{\"email\":\"bob@example.com\",\"plan\":\"free\"}");
  }

  private String send(String to, String id) {
    return assertAppOk(http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,\"to\":\"" + to
        + "\",\"identifiers\":{\"id\":\"" + id + "\"}}")).get("delivery_id").asText();
  }

  @Test
  void aMessageShowsTheMetricsItReachedOnTheFakesClock() {
    Instant now = Instant.ofEpochSecond(cio.now().getEpochSecond());
    String id = send("ada@example.com", "ada");
    // queued until the sent step (due at once) has run: the scheduler runs it on its own thread
    assertThat(cio.message(id).orElseThrow().state()).isIn("queued", "sent");
    await().atMost(Duration.ofSeconds(5)).until(() -> cio.message(id).orElseThrow().reached("sent"));
    CioFake.Message m = cio.message(id).orElseThrow();
    assertThat(m.id()).isEqualTo(id);
    assertThat(m.channel()).isEqualTo("email");
    assertThat(m.recipient()).isEqualTo("ada@example.com");
    assertThat(m.personId()).isEqualTo("ada");
    assertThat(m.state()).isEqualTo("sent");
    assertThat(m.delivered()).isFalse();

    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> cio.message(id).orElseThrow().delivered());
    m = cio.message(id).orElseThrow();
    assertThat(m.state()).isEqualTo("delivered");
    assertThat(m.metrics().get("sent")).isEqualTo(now);
    assertThat(m.metrics().get("delivered")).isAfterOrEqualTo(m.metrics().get("sent"));
    assertThat(cio.messages()).extracting(CioFake.Message::id).containsExactly(id);
    assertThat(cio.message("nope")).isEmpty();
    // the handle's reads are not the integration's: no App request, no pitfall judged from them
    assertThat(cio.requests()).noneMatch(r -> r.path().startsWith("/v1/messages"));
  }

  @Test
  @AllowPitfalls(PitfallIds.IGNORED_BOUNCE)
  void suppressionsHoldTheSeededTheAddedAndTheFakesOwnBounces() {
    assertThat(cio.suppressions()).singleElement().satisfies(s -> {
      assertThat(s.type()).isEqualTo("blocks");
      assertThat(s.email()).isEqualTo("blocked@example.com");
      assertThat(s.reason()).isEqualTo("mailbox full");
    });
    assertThat(http.app("POST", "/v1/esp/suppression/invalid_emails/bob@example.com", "{}").status())
        .isEqualTo(200);
    AppSupport.identify(http, "cy", "{\"email\":\"bounce@cio-fake.test\"}");
    String bounced = send("bounce@cio-fake.test", "cy");
    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> cio.isSuppressed("bounce@cio-fake.test"));

    assertThat(cio.suppressions()).extracting(CioFake.Suppression::type, CioFake.Suppression::email)
        .contains(org.assertj.core.groups.Tuple.tuple("invalid_emails", "bob@example.com"),
            org.assertj.core.groups.Tuple.tuple("bounces", "bounce@cio-fake.test"));
    assertThat(cio.isSuppressed("BOB@example.com")).isTrue();
    assertThat(cio.isSuppressed("ada@example.com")).isFalse();
    assertThat(cio.message(bounced).orElseThrow().state()).isEqualTo("bounced");

    // the App API's delete takes it off the list
    assertThat(http.app("DELETE", "/v1/esp/suppression/invalid_emails/bob@example.com", null).status())
        .isEqualTo(204);
    assertThat(cio.isSuppressed("bob@example.com")).isFalse();
  }

  @Test
  void segmentMembersAreADynamicSegmentsFilterAndAManualSegmentsAdditions() {
    assertThat(cio.segmentMembers(3)).extracting(CioFake.SegmentMember::id).containsExactly("ada");
    assertThat(cio.segmentMembers(7)).isEmpty();
    assertThat(http.track("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"bob\"]}").status())
        .isEqualTo(200);
    assertThat(cio.segmentMembers(7)).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo("bob");
      assertThat(m.email()).isEqualTo("bob@example.com");
      assertThat(m.cioId()).isNotBlank();
    });
    AppSupport.identify(http, "bob", "{\"plan\":\"pro\"}");
    assertThat(cio.segmentMembers(3)).extracting(CioFake.SegmentMember::id).containsExactly("ada", "bob");
    assertThatThrownBy(() -> cio.segmentMembers(999)).isInstanceOf(CioFakeException.class)
        .hasMessageContaining("no segment 999");
  }
}
