package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.junit5.AllowPitfalls;
import dev.ciofake.junit5.CustomerIoFake;
import dev.ciofake.testing.FakeHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Segments and search over the workspace's own people (docs/app-api-facts.md sections 2 and 3): the workspace file's
 * dynamic segment (its filter evaluated), a manual segment filled through the Track API, one created through the App
 * API, membership, counts, used-by, a person's segments, and {@code POST /v1/customers} with and/or/not/segment/
 * attribute and the documented 400 for what the filter language does not have.
 */
@CustomerIoFake(workspaceFile = "workspaces/shop.yaml")
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fake sets the cio.* properties
class SegmentsAndSearchTest {
  private FakeHttp http;

  @BeforeEach
  void people(CioFake cio) {
    http = new FakeHttp(cio.baseUrl(), cio.credentials());
    identify("ada", "{\"email\":\"ada@example.com\",\"plan\":\"pro\",\"state\":\"NM\"}");
    identify("bob", "{\"email\":\"bob@example.com\",\"plan\":\"free\",\"state\":\"NM\"}");
    identify("cy", "{\"email\":\"cy@example.com\",\"plan\":\"pro\"}");
    assertThat(http.track("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"bob\",\"cy\"]}").status())
        .isEqualTo(200);
  }

  private void identify(String id, String json) {
    assertThat(http.track("PUT", "/api/v1/customers/" + id, json).status()).isEqualTo(200);
  }

  private static List<String> ids(JsonNode identifiers) {
    List<String> out = new ArrayList<>();
    identifiers.forEach(i -> out.add(i.path("id").asText()));
    return out;
  }

  @Test
  void aDynamicSegmentsMembersAreThePeopleItsFilterSelects() {
    JsonNode m = assertAppOk(http.app("GET", "/v1/segments/3/membership", null));
    assertThat(ids(m.get("identifiers"))).containsExactly("ada", "cy");
    assertThat(m.get("ids")).extracting(JsonNode::asText).containsExactly("ada", "cy");
    assertThat(m.get("segment_id").asInt()).isEqualTo(3);
    assertThat(assertAppOk(http.app("GET", "/v1/segments/3/customer_count", null)).get("count").asInt()).isEqualTo(2);

    identify("bob", "{\"plan\":\"pro\"}");
    assertThat(assertAppOk(http.app("GET", "/v1/segments/3/customer_count", null)).get("count").asInt()).isEqualTo(3);
  }

  @Test
  void aManualSegmentHoldsWhomTheTrackApiAdded() {
    JsonNode s = assertAppOk(http.app("GET", "/v1/segments/7", null)).get("segment");
    assertThat(s.get("name").asText()).isEqualTo("VIPs");
    assertThat(s.get("type").asText()).isEqualTo("manual");
    assertThat(s.get("state").asText()).isEqualTo("finished");
    assertThat(ids(assertAppOk(http.app("GET", "/v1/segments/7/membership", null)).get("identifiers")))
        .containsExactly("bob", "cy");
    JsonNode mine = assertAppOk(http.app("GET", "/v1/customers/cy/segments", null)).get("segments");
    assertThat(mine).extracting(n -> n.get("id").asInt()).containsExactly(3, 7);
  }

  @Test
  void membershipPagesWithTheNextCursor() {
    JsonNode first = assertAppOk(http.app("GET", "/v1/segments/3/membership?limit=1", null));
    assertThat(ids(first.get("identifiers"))).containsExactly("ada");
    String next = first.get("next").asText();
    assertThat(next).isNotEmpty();
    JsonNode second = assertAppOk(http.app("GET", "/v1/segments/3/membership?limit=1&start=" + next, null));
    assertThat(ids(second.get("identifiers"))).containsExactly("cy");
    assertThat(second.get("next").asText()).isEmpty();
  }

  @Test
  void createdSegmentsAreManualListedAndDeletable() {
    JsonNode created = assertAppOk(http.app("POST", "/v1/segments",
        "{\"segment\":{\"name\":\"Beta testers\",\"description\":\"opted in\"}}")).get("segment");
    long id = created.get("id").asLong();
    assertThat(id).isGreaterThan(7);
    assertThat(created.get("type").asText()).isEqualTo("manual");
    assertThat(assertAppOk(http.app("GET", "/v1/segments", null)).get("segments"))
        .extracting(n -> n.get("name").asText()).containsExactly("Pro customers", "VIPs", "Beta testers");
    assertThat(http.app("DELETE", "/v1/segments/" + id, null).status()).isEqualTo(204);
  }

  @Test
  @AllowPitfalls("invalid-request")
  void aSegmentWithoutANameAndAnUnknownSegmentAreRefused() {
    assertThat(assertAppErrors(http.app("POST", "/v1/segments", "{\"segment\":{}}"), 400))
        .contains("segment.name is required");
    assertThat(assertAppErrors(http.app("GET", "/v1/segments/99", null), 404)).contains("does not exist");
  }

  @Test
  void usedByNamesTheCampaignsBroadcastsAndNewslettersOfASegment() {
    JsonNode used = assertAppOk(http.app("GET", "/v1/segments/3/used_by", null)).get("used_by");
    assertThat(used.get("campaigns")).extracting(JsonNode::asInt).containsExactly(5);
    assertThat(used.get("broadcasts")).extracting(JsonNode::asInt).containsExactly(12);
    JsonNode vip = assertAppOk(http.app("GET", "/v1/segments/7/used_by", null)).get("used_by");
    assertThat(vip.get("draft_newsletters")).extracting(JsonNode::asInt).containsExactly(21);
  }

  @Test
  void searchCombinesAndOrNotSegmentAndAttribute() {
    String filter = "{\"filter\":{\"and\":[{\"segment\":{\"id\":3}},{\"or\":[{\"attribute\":{\"field\":\"state\","
        + "\"operator\":\"eq\",\"value\":\"NM\"}},{\"not\":{\"attribute\":{\"field\":\"state\",\"operator\":\"exists\"}}}]}]}}";
    JsonNode r = assertAppOk(http.app("POST", "/v1/customers", filter));
    assertThat(ids(r.get("identifiers"))).containsExactly("ada", "cy");
    assertThat(r.get("identifiers").get(0).get("email").asText()).isEqualTo("ada@example.com");
    assertThat(r.get("identifiers").get(0).get("cio_id").asText()).isNotEmpty();

    JsonNode notNm = assertAppOk(http.app("POST", "/v1/customers",
        "{\"filter\":{\"not\":{\"attribute\":{\"field\":\"state\",\"operator\":\"eq\",\"value\":\"NM\"}}}}"));
    assertThat(ids(notNm.get("identifiers"))).containsExactly("cy");
    JsonNode vipOrFree = assertAppOk(http.app("POST", "/v1/customers?limit=1",
        "{\"filter\":{\"or\":[{\"segment\":{\"id\":7}},{\"attribute\":{\"field\":\"plan\",\"operator\":\"eq\","
            + "\"value\":\"free\"}}]}}"));
    assertThat(ids(vipOrFree.get("identifiers"))).containsExactly("bob");
    assertThat(vipOrFree.get("next").asText()).isNotEmpty();
  }

  @Test
  @AllowPitfalls("invalid-request")
  void searchRefusesWhatTheFilterLanguageDoesNotHave() {
    assertThat(assertAppErrors(http.app("POST", "/v1/customers", "{}"), 400)).contains("filter is required");
    assertThat(assertAppErrors(http.app("POST", "/v1/customers", "{\"filter\":{\"attribute\":{\"field\":\"plan\","
        + "\"operator\":\"neq\",\"value\":\"pro\"}}}"), 400)).contains("eq or exists");
    assertThat(assertAppErrors(http.app("POST", "/v1/customers", "{\"filter\":{\"attribute\":{\"field\":\"plan\","
        + "\"operator\":\"eq\"}}}"), 400)).contains("value is required with the eq operator");
    assertThat(assertAppErrors(http.app("POST", "/v1/customers", "{\"filter\":{\"segment\":{\"id\":3},"
        + "\"attribute\":{\"field\":\"plan\",\"operator\":\"exists\"}}}"), 400)).contains("exactly one of");
    assertThat(assertAppErrors(http.app("POST", "/v1/customers", "{\"filter\":{\"filters\":{\"segment\":{\"id\":3}}}}"),
        400)).contains("'filters' is not part of the filter language");
  }
}
