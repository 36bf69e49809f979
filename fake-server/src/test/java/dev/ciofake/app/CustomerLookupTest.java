package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static dev.ciofake.app.AppSupport.identify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import org.junit.jupiter.api.Test;

/**
 * The App API person lookups an integration uses (docs/customerio-facts.md 3.4): by email, attributes of one person
 * (values as strings), attributes of many, segments, and the exports list. They read what the Track API wrote.
 */
class CustomerLookupTest extends FakeServerTestBase {
  private String cioIdOf(String id) {
    return http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/" + id, null)
        .json().get("cio_id").asText();
  }

  // ---------------------------------------------------------------- GET /v1/customers?email=

  @Test
  void customersByEmailFindsThePersonCaseInsensitively() {
    identify(http, "cust_42", "{\"email\":\"ada@example.com\"}");

    JsonNode body = assertAppOk(http.app("GET", "/v1/customers?email=ADA%40example.com", null));

    assertThat(body.get("results")).hasSize(1);
    JsonNode r = body.get("results").get(0);
    assertThat(r.get("id").asText()).isEqualTo("cust_42");
    assertThat(r.get("email").asText()).isEqualTo("ada@example.com");
    assertThat(r.get("cio_id").asText()).isEqualTo(cioIdOf("cust_42"));
  }

  @Test
  void customersByEmailWithNoMatchIsTheLiveEmptyResults() {
    FakeHttp.Response r = http.app("GET", "/v1/customers?email=nobody%40example.com", null);

    assertAppOk(r);
    assertThat(r.body()).isEqualTo("{\"results\":[]}");
  }

  @Test
  void anUnencodedPlusInTheEmailMatchesNobody() {
    identify(http, "cust_42", "{\"email\":\"ada+test@example.com\"}");

    assertThat(assertAppOk(http.app("GET", "/v1/customers?email=ada%2Btest%40example.com", null)).get("results"))
        .hasSize(1);
    assertThat(assertAppOk(http.app("GET", "/v1/customers?email=ada+test@example.com", null)).get("results"))
        .isEmpty();
  }

  @Test
  void customersByEmailWithoutEmailIs400() {
    assertThat(assertAppErrors(http.app("GET", "/v1/customers", null), 400)).contains("email");
    assertAppErrors(http.app("GET", "/v1/customers?email=", null), 400);
  }

  // ---------------------------------------------------------------- GET /v1/customers/{id}/attributes

  @Test
  void attributesAreReturnedAsStrings() {
    identify(http, "cust_42", """
        {"email":"ada@example.com","created_at":1489014595,"vip":true,"score":7,"plan":"pro"}
        """);

    JsonNode c = assertAppOk(http.app("GET", "/v1/customers/cust_42/attributes?id_type=id", null)).get("customer");

    assertThat(c.get("id").asText()).isEqualTo("cust_42");
    assertThat(c.get("email").asText()).isEqualTo("ada@example.com");
    JsonNode a = c.get("attributes");
    assertThat(a.get("created_at").isTextual()).isTrue();
    assertThat(a.get("created_at").asText()).isEqualTo("1489014595");
    assertThat(a.get("vip").asText()).isEqualTo("true");
    assertThat(a.get("vip").isTextual()).isTrue();
    assertThat(a.get("score").asText()).isEqualTo("7");
    assertThat(a.get("plan").asText()).isEqualTo("pro");
    a.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).as("attribute %s", e.getKey()).isTrue());
    assertThat(c.get("unsubscribed").asBoolean()).isFalse();
    assertThat(c.get("devices").isArray()).isTrue();
    assertThat(c.get("timestamps").isObject()).isTrue();
  }

  @Test
  void attributesDefaultToIdTypeIdAndFindByEmailAndCioId() {
    identify(http, "cust_42", "{\"email\":\"ada@example.com\"}");
    String cio = cioIdOf("cust_42");

    assertThat(assertAppOk(http.app("GET", "/v1/customers/cust_42/attributes", null)).at("/customer/id").asText())
        .isEqualTo("cust_42");
    assertThat(assertAppOk(http.app("GET", "/v1/customers/ada%40example.com/attributes?id_type=email", null))
        .at("/customer/id").asText()).isEqualTo("cust_42");
    assertThat(assertAppOk(http.app("GET", "/v1/customers/" + cio + "/attributes?id_type=cio_id", null))
        .at("/customer/id").asText()).isEqualTo("cust_42");
    assertThat(assertAppOk(http.app("GET", "/v1/customers/cio_" + cio + "/attributes?id_type=cio_id", null))
        .at("/customer/id").asText()).isEqualTo("cust_42");
  }

  @Test
  void attributesOfAMissingPersonAre404() {
    identify(http, "cust_42", "{\"email\":\"ada@example.com\"}");

    assertThat(assertAppErrors(http.app("GET", "/v1/customers/cust_43/attributes?id_type=id", null), 404))
        .contains("not found");
    // The email is not an id: with id_type=id it is not found.
    assertAppErrors(http.app("GET", "/v1/customers/ada%40example.com/attributes?id_type=id", null), 404);
  }

  @Test
  void attributesOfADeletedPersonAre404() {
    identify(http, "cust_42", "{}");
    assertAppOk(http.app("GET", "/v1/customers/cust_42/attributes", null));
    assertThat(http.track("DELETE", "/api/v1/customers/cust_42", null).status()).isEqualTo(200);

    assertAppErrors(http.app("GET", "/v1/customers/cust_42/attributes", null), 404);
  }

  @Test
  void anUnknownIdTypeIs400AndPhoneSaysItIsNotEnabled() {
    identify(http, "cust_42", "{}");

    assertThat(assertAppErrors(http.app("GET", "/v1/customers/cust_42/attributes?id_type=user", null), 400))
        .contains("id_type");
    assertThat(assertAppErrors(http.app("GET", "/v1/customers/cust_42/attributes?id_type=phone", null), 400))
        .contains("phone identifiers are not enabled");
  }

  // ---------------------------------------------------------------- POST /v1/customers/attributes

  @Test
  void attributesOfManyReturnsTheFoundPeopleOnly() {
    identify(http, "cust_42", "{\"plan\":\"pro\"}");
    identify(http, "cust_43", "{\"plan\":\"free\"}");

    JsonNode body = assertAppOk(http.app("POST", "/v1/customers/attributes", """
        {"ids":["cust_42","cust_43","cust_404"]}
        """));

    assertThat(body.get("customers")).hasSize(2);
    assertThat(body.get("customers")).extracting(n -> n.at("/customer/id").asText())
        .containsExactly("cust_42", "cust_43");
    assertThat(body.at("/customers/0/customer/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void attributesOfManyByEmail() {
    identify(http, "cust_42", "{\"email\":\"ada@example.com\"}");

    JsonNode body = assertAppOk(http.app("POST", "/v1/customers/attributes?id_type=email", """
        {"ids":["ada@example.com"]}
        """));

    assertThat(body.at("/customers/0/customer/id").asText()).isEqualTo("cust_42");
  }

  @Test
  void attributesOfManyNeedsOneToAHundredIds() {
    assertThat(assertAppErrors(http.app("POST", "/v1/customers/attributes", "{\"ids\":[]}"), 400))
        .contains("1 to 100");
    assertAppErrors(http.app("POST", "/v1/customers/attributes", "{}"), 400);
    assertAppErrors(http.app("POST", "/v1/customers/attributes", "{\"ids\":\"cust_42\"}"), 400);
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      ids.append(i == 0 ? "" : ",").append('"').append(i).append('"');
    }
    assertAppErrors(http.app("POST", "/v1/customers/attributes", "{\"ids\":[" + ids + "]}"), 400);
    assertAppOk(http.app("POST", "/v1/customers/attributes", "{\"ids\":[" + ids.substring(ids.indexOf(",") + 1) + "]}"));
  }

  // ---------------------------------------------------------------- GET /v1/customers/{id}/segments

  @Test
  void segmentsOfAPersonAreTheManualSegmentsTrackAddedThemTo() {
    identify(http, "cust_42", "{}");
    assertThat(http.track("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"cust_42\"]}").status())
        .isEqualTo(200);

    JsonNode body = assertAppOk(http.app("GET", "/v1/customers/cust_42/segments?id_type=id", null));

    assertThat(body.get("segments")).hasSize(1);
    assertThat(body.at("/segments/0/id").asInt()).isEqualTo(7);
    assertThat(body.at("/segments/0/type").asText()).isEqualTo("manual");
  }

  @Test
  void segmentsOfAPersonInNoSegmentIsEmptyAndOfAMissingPersonIs404() {
    identify(http, "cust_42", "{}");

    assertThat(assertAppOk(http.app("GET", "/v1/customers/cust_42/segments", null)).get("segments")).isEmpty();
    assertThat(assertAppErrors(http.app("GET", "/v1/customers/cust_404/segments", null), 404)).contains("not found");
  }

  // ---------------------------------------------------------------- GET /v1/exports

  @Test
  void exportsListIsTheLiveNullBody() {
    FakeHttp.Response r = http.app("GET", "/v1/exports", null);

    assertAppOk(r);
    assertThat(r.body()).isEqualTo("{\"exports\":null}");
  }
}
