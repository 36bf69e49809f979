package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ciofake.CioFake;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import dev.ciofake.junit5.AllowPitfalls;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The App API's pitfalls (docs/pitfalls.md): each one triggered the way integrations get it wrong, and the correct use
 * next to it recording nothing. The clock stands still unless a test advances it.
 */
class AppPitfallsTest {
  static final Instant T0 = AppSupport.T0;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = AppSupport.extension(AppSupport.shop()
      .exportDuration(Duration.ofSeconds(10)));

  private FakeHttp http;
  private CioFake cio;

  @BeforeEach
  void people(CioFake fake) {
    cio = fake;
    http = new FakeHttp(cio.baseUrl(), cio.credentials());
    AppSupport.identify(http, "ada", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}");
    AppSupport.identify(http, "bob", "{\"email\":\"bob@example.com\",\"plan\":\"pro\"}");
  }

  private List<Pitfall> pitfalls(String id) {
    return cio.pitfalls().stream().filter(p -> p.id().equals(id)).toList();
  }

  private long export() {
    return assertAppOk(http.app("POST", "/v1/exports/customers", "{\"filters\":{\"segment\":{\"id\":3}}}"))
        .at("/export/id").asLong();
  }

  private String exportStatus(long id) {
    return assertAppOk(http.app("GET", "/v1/exports/" + id, null)).at("/export/status").asText();
  }

  // ---------------------------------------------------------------- tight-status-polling

  @Test
  void pollingAnUnfinishedExportWithoutAPauseIsATightLoop() {
    long id = export();
    for (int i = 0; i < 5; i++) {
      assertThat(exportStatus(id)).isEqualTo("pending");
    }
    List<Pitfall> found = pitfalls(PitfallIds.TIGHT_STATUS_POLLING);
    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.message()).contains("export " + id).contains("5 times");
      assertThat(p.evidence()).containsEntry("job", "export " + id).containsEntry("polls", 5)
          .containsEntry("last_interval_ms", 0);
    });
    exportStatus(id);
    assertThat(pitfalls(PitfallIds.TIGHT_STATUS_POLLING)).as("once per job").hasSize(1);
  }

  @Test
  void pollingWithAPauseUntilDoneRecordsNothing() {
    long id = export();
    String status = exportStatus(id);
    for (int i = 0; i < 10 && status.equals("pending"); i++) {
      cio.advanceClock(Duration.ofSeconds(2));
      status = exportStatus(id);
    }
    assertThat(status).isEqualTo("done");
    // Reading a finished export as often as it likes is not polling.
    for (int i = 0; i < 6; i++) {
      exportStatus(id);
    }
    assertThat(pitfalls(PitfallIds.TIGHT_STATUS_POLLING)).isEmpty();
  }

  // ---------------------------------------------------------------- message-read-too-soon

  private String send(String to, String id) {
    return assertAppOk(http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,\"to\":\"" + to
        + "\",\"identifiers\":{\"id\":\"" + id + "\"}}")).get("delivery_id").asText();
  }

  @Test
  void readingAMessageOnceBeforeItsOutcomeAndNeverAgainIsJudgedOnceTheOutcomeIsIn() {
    String id = send("ada@example.com", "ada");
    // the handle's read (the admin API) is not the integration's: wait for the sent step, due at once
    await().atMost(Duration.ofSeconds(5)).until(() -> cio.message(id).orElseThrow().reached("sent"));
    String state = assertAppOk(http.app("GET", "/v1/messages/" + id, null)).at("/message/metrics").toString();
    assertThat(state).doesNotContain("delivered");
    assertThat(pitfalls(PitfallIds.MESSAGE_READ_TOO_SOON)).as("the outcome is not in yet").isEmpty();

    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> !pitfalls(PitfallIds.MESSAGE_READ_TOO_SOON).isEmpty());
    Pitfall p = pitfalls(PitfallIds.MESSAGE_READ_TOO_SOON).get(0);
    assertThat(p.evidence()).containsEntry("delivery_id", id).containsEntry("state_read", "sent")
        .containsEntry("outcome_since", "delivered").containsEntry("seconds_after_send", 0);
    assertThat(p.message()).contains(id).contains("never again");
  }

  @Test
  void pollingAMessageUntilItsOutcomeRecordsNothing() {
    String id = send("ada@example.com", "ada");
    assertAppOk(http.app("GET", "/v1/messages/" + id, null));
    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> assertAppOk(http.app("GET", "/v1/messages/" + id, null))
        .at("/message/metrics").has("delivered"));
    // A list read early is not a decision about one message either.
    String other = send("bob@example.com", "bob");
    assertAppOk(http.app("GET", "/v1/messages?limit=10", null));
    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      for (var m : assertAppOk(http.app("GET", "/v1/messages?limit=10", null)).get("messages")) {
        if (m.get("id").asText().equals(other)) {
          return m.at("/metrics").has("delivered");
        }
      }
      return false;
    });
    assertThat(pitfalls(PitfallIds.MESSAGE_READ_TOO_SOON)).isEmpty();
  }

  // ---------------------------------------------------------------- suppression-check-bypassed

  @Test
  @AllowPitfalls(PitfallIds.SUPPRESSION_CHECK_BYPASSED)
  void sendingToAnAddressTheIntegrationFoundSuppressedBypassesItsOwnCheck() {
    assertThat(http.app("POST", "/v1/esp/suppression/bounces/ada@example.com", "{}").status()).isEqualTo(200);
    assertThat(assertAppOk(http.app("GET", "/v1/esp/search_suppression/ada@example.com", null))
        .get("suppressions")).hasSize(1);

    String id = send("ada@example.com", "ada");

    assertThat(pitfalls(PitfallIds.SUPPRESSION_CHECK_BYPASSED)).singleElement().satisfies(p -> {
      assertThat(p.evidence()).containsEntry("email", "ada@example.com").containsEntry("suppression", "bounces")
          .containsEntry("known_by", "searched").containsEntry("delivery_id", id);
      assertThat(p.message()).contains("ada@example.com").contains("found it on the ESP suppression list");
    });
    send("ada@example.com", "ada");
    assertThat(pitfalls(PitfallIds.SUPPRESSION_CHECK_BYPASSED)).as("once per address").hasSize(1);
  }

  @Test
  void sendingAfterTheSuppressionWasDeletedOrToAnAddressNeverLookedUpRecordsNothing() {
    http.app("POST", "/v1/esp/suppression/bounces/ada@example.com", "{}");
    assertThat(http.app("DELETE", "/v1/esp/suppression/bounces/ada@example.com", null).status()).isEqualTo(204);
    send("ada@example.com", "ada");
    // bob is not suppressed: looking him up and sending is the right flow
    assertThat(assertAppOk(http.app("GET", "/v1/esp/search_suppression/bob@example.com", null))
        .get("suppressions")).isEmpty();
    send("bob@example.com", "bob");
    assertThat(pitfalls(PitfallIds.SUPPRESSION_CHECK_BYPASSED)).isEmpty();
  }

  // ---------------------------------------------------------------- app-key-in-browser

  @Test
  @AllowPitfalls(PitfallIds.APP_KEY_IN_BROWSER)
  void anAppRequestFromABrowserPageShowsTheKeyLeft() {
    FakeHttp.Response r = http.send("GET", "/v1/segments", null, Map.of("Authorization", http.appAuth(),
        "Origin", "https://shop.example", "Sec-Fetch-Mode", "cors"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(pitfalls(PitfallIds.APP_KEY_IN_BROWSER)).singleElement().satisfies(p -> {
      assertThat(p.evidence()).containsEntry("origin", "https://shop.example").containsEntry("key", "App API key");
      assertThat(p.message()).contains("https://shop.example").doesNotContain(cio.appApiKey());
      assertThat(p.toString()).doesNotContain(cio.appApiKey());
    });
  }

  @Test
  void theNodeClientsFetchHeadersAndAWrongKeyFromABrowserAreNotIt() {
    // customerio-node on Node's fetch: sec-fetch-mode: cors, no Origin
    assertThat(http.send("GET", "/v1/segments", null, Map.of("Authorization", http.appAuth(),
        "Sec-Fetch-Mode", "cors", "User-Agent", "Customer.io Node Client/5.2.0")).status()).isEqualTo(200);
    // a key that is not this workspace's App key authenticates nothing (that 401 is not this pitfall)
    assertThat(http.send("GET", "/v1/segments", null, Map.of("Authorization", "Bearer not-a-key",
        "Origin", "https://shop.example")).status()).isEqualTo(401);
    assertThat(pitfalls(PitfallIds.APP_KEY_IN_BROWSER)).isEmpty();
  }
}
