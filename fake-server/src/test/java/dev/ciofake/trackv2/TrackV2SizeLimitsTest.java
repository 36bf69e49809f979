package dev.ciofake.trackv2;

import static dev.ciofake.trackv2.V2Support.BATCH;
import static dev.ciofake.trackv2.V2Support.ENTITY;
import static dev.ciofake.trackv2.V2Support.assertOk;
import static dev.ciofake.trackv2.V2Support.assertPartial;
import static dev.ciofake.trackv2.V2Support.assertV2Error;
import static dev.ciofake.trackv2.V2Support.batchOf;
import static dev.ciofake.trackv2.V2Support.batchOfSize;
import static dev.ciofake.trackv2.V2Support.eventOfSize;
import static dev.ciofake.trackv2.V2Support.events;
import static dev.ciofake.trackv2.V2Support.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documented v2 sizes (docs/customerio-facts.md section 2), each at the bound and one byte past it: 32 KB per
 * {@code /entity} request (400, the document's only error status for these operations), 32 KB per batch item (207
 * for that item), 500 KB per batch (400).
 */
class TrackV2SizeLimitsTest extends FakeServerTestBase {
  private static final int KB32 = 32 * 1024;
  private static final int KB500 = 500 * 1024;

  @Test
  void entityOfExactly32KbIsAccepted() {
    String body = eventOfSize("42", "big", KB32);
    assertThat(utf8(body)).isEqualTo(32768);

    assertOk(http.track("POST", ENTITY, body));

    assertThat(events(http)).hasSize(1);
  }

  @Test
  void entityOneBytePast32KbIs400AndNotApplied() {
    FakeHttp.Response r = http.track("POST", ENTITY, eventOfSize("42", "big", KB32 + 1));

    JsonNode errors = assertV2Error(r, 400);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("reason").asText()).isEqualTo("too_large");
    assertThat(errors.get(0).get("message").asText()).contains("32769").contains("32768");
    assertThat(events(http)).isEmpty();
  }

  @Test
  void batchItemOfExactly32KbIsApplied() {
    String item = eventOfSize("42", "big", KB32);

    assertOk(http.track("POST", BATCH, batchOf(List.of(item))));

    assertThat(events(http)).hasSize(1);
  }

  @Test
  void batchItemOneBytePast32KbIs207ForThatItemAndTheOthersApply() {
    String small = "{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"},\"action\":\"event\",\"name\":\"small\"}";
    String big = eventOfSize("2", "big", KB32 + 1);

    FakeHttp.Response r = http.track("POST", BATCH, batchOf(List.of(small, big, small.replace("small", "after"))));

    JsonNode errors = assertPartial(r, 1);
    assertThat(errors.get(0).get("reason").asText()).isEqualTo("too_large");
    assertThat(errors.get(0).get("message").asText()).contains("32769").contains("32768");
    assertThat(events(http)).extracting(e -> e.get("name").asText()).containsExactly("small", "after");
  }

  @Test
  void batchOfExactly500KbIsAccepted() {
    String body = batchOfSize("p", KB500);
    assertThat(utf8(body)).isEqualTo(512000);

    FakeHttp.Response r = http.track("POST", BATCH, body);

    assertOk(r);
    assertThat(events(http).size()).isEqualTo(18);
  }

  @Test
  void batchOneBytePast500KbIs400AndNothingIsApplied() {
    FakeHttp.Response r = http.track("POST", BATCH, batchOfSize("p", KB500 + 1));

    JsonNode errors = assertV2Error(r, 400);
    assertThat(errors.get(0).get("reason").asText()).isEqualTo("too_large");
    assertThat(errors.get(0).get("message").asText()).contains("512001").contains("512000");
    assertThat(events(http)).isEmpty();
  }
}
