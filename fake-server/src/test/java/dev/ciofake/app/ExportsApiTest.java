package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.PitfallIds;
import dev.ciofake.junit5.AllowPitfalls;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exports (docs/app-api-facts.md section 6) on the fake's clock: {@code pending} with {@code total} 0 for the export
 * duration, then {@code done} with the file computed over the workspace (the filter honoured); a download link that
 * serves the CSV without credentials for 15 minutes; the documented 400s and 404s. No test waits: the clock advances.
 */
class ExportsApiTest {
  static final Instant T0 = AppSupport.T0;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = AppSupport.extension(AppSupport.shop()
      .exportDuration(Duration.ofSeconds(30)));

  private FakeHttp http;
  private CioFake cio;

  @BeforeEach
  void people(CioFake fake) {
    cio = fake;
    http = new FakeHttp(cio.baseUrl(), cio.credentials());
    AppSupport.identify(http, "ada", "{\"email\":\"ada@example.com\",\"plan\":\"pro\",\"city\":\"Paris\"}");
    AppSupport.identify(http, "bob", "{\"email\":\"bob@example.com\",\"plan\":\"free\"}");
    AppSupport.identify(http, "cy", "{\"email\":\"cy@example.com\",\"plan\":\"pro\",\"city\":\"Rome, IT\"}");
  }

  private JsonNode export(long id) {
    return assertAppOk(http.app("GET", "/v1/exports/" + id, null)).get("export");
  }

  private FakeHttp.Response fetch(String url) {
    assertThat(url).startsWith(cio.baseUrl());
    return http.raw("GET", url.substring(cio.baseUrl().length()), null, Map.of());
  }

  @Test
  @AllowPitfalls(PitfallIds.INVALID_REQUEST) // the early download and the expired link, on purpose
  void aCustomersExportIsPendingForItsDurationThenItsFileHoldsWhomTheFilterSelects() {
    JsonNode created = assertAppOk(http.app("POST", "/v1/exports/customers",
        "{\"filters\":{\"segment\":{\"id\":3}},\"attributes\":[\"city\"]}")).get("export");
    long id = created.get("id").asLong();
    assertThat(created.get("type").asText()).isEqualTo("customers");
    assertThat(created.get("status").asText()).isEqualTo("pending");
    assertThat(created.get("total").asInt()).as("exports report 0 until done").isZero();
    assertThat(assertAppErrors(http.app("GET", "/v1/exports/" + id + "/download", null), 400))
        .contains("not done");

    // someone joins the segment while the export runs: the file is computed when it finishes
    AppSupport.identify(http, "bob", "{\"plan\":\"pro\"}");
    cio.advanceClock(Duration.ofSeconds(29));
    assertThat(export(id).get("status").asText()).isEqualTo("pending");
    cio.advanceClock(Duration.ofSeconds(1));
    JsonNode done = export(id);
    assertThat(done.get("status").asText()).isEqualTo("done");
    assertThat(done.get("total").asInt()).isEqualTo(3);
    assertThat(assertAppOk(http.app("GET", "/v1/exports", null)).get("exports")).hasSize(1);

    String url = assertAppOk(http.app("GET", "/v1/exports/" + id + "/download", null)).get("url").asText();
    FakeHttp.Response file = fetch(url);
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("Content-Type")).startsWith("text/csv");
    assertThat(file.body()).doesNotContain(cio.appApiKey());
    String[] lines = file.body().split("\r?\n");
    assertThat(lines[0]).isEqualTo("id,email,cio_id,city");
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).startsWith("ada,ada@example.com,").endsWith(",Paris");
    assertThat(lines[2]).startsWith("bob,bob@example.com,");
    assertThat(lines[3]).as("RFC 4180 quoting").startsWith("cy,cy@example.com,").endsWith(",\"Rome, IT\"");
    assertThat(export(id).get("downloads").asInt()).isGreaterThanOrEqualTo(1);

    cio.advanceClock(Duration.ofMinutes(15).plusSeconds(1));
    assertThat(fetch(url).status()).as("the link works for 15 minutes").isEqualTo(403);
    assertThat(fetch(url.substring(0, url.length() - 4) + "beef").status()).isEqualTo(403);
  }

  @Test
  void aDeliveriesExportListsTheDeliveriesOfItsNewsletter() {
    assertThat(http.track("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"ada\",\"bob\"]}").status())
        .isEqualTo(200);
    assertAppOk(http.app("POST", "/v1/newsletters/21/send", "{}"));
    long id = assertAppOk(http.app("POST", "/v1/exports/deliveries", "{\"newsletter_id\":21}"))
        .at("/export/id").asLong();
    cio.advanceClock(Duration.ofSeconds(31));
    assertThat(export(id).get("total").asInt()).isEqualTo(2);
    String body = fetch(assertAppOk(http.app("GET", "/v1/exports/" + id + "/download", null)).get("url").asText())
        .body();
    assertThat(body.split("\r?\n")).hasSize(3);
    assertThat(body).contains("ada@example.com").contains("bob@example.com").doesNotContain("cy@example.com");
  }

  @Test
  @AllowPitfalls(PitfallIds.INVALID_REQUEST)
  void badExportsGetTheDocumentedErrors() {
    assertThat(assertAppErrors(http.app("POST", "/v1/exports/customers", "{}"), 400)).contains("filters");
    // the client's own docs example wraps the filter twice: {"filters":{"filters":...}} is not the filter language
    assertAppErrors(http.app("POST", "/v1/exports/customers", "{\"filters\":{\"filters\":{\"segment\":{\"id\":3}}}}"),
        400);
    assertAppErrors(http.app("POST", "/v1/exports/deliveries", "{\"newsletter_id\":21,\"campaign_id\":5}"), 400);
    assertAppErrors(http.app("POST", "/v1/exports/deliveries", "{}"), 400);
    assertThat(assertAppErrors(http.app("GET", "/v1/exports/4242", null), 404))
        .isEqualTo("The export ID does not exist.");
    assertAppErrors(http.app("GET", "/v1/exports/4242/download", null), 404);
    assertThat(http.app("GET", "/v1/exports", null).body()).isEqualTo("{\"exports\":null}");
  }
}
