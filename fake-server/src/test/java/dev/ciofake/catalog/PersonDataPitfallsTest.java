package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PersonDataPitfallsTest extends CatalogTestBase {

  @Test
  void identifyWithoutEmailFiresOncePerPerson() {
    identify("42", "{\"plan\":\"pro\"}");
    identify("42", "{\"plan\":\"team\"}");

    JsonNode p = onlyPitfall("missing-email");
    assertThat(p.get("severity").asText()).isEqualTo("warning");
    assertThat(p.at("/evidence/person").asText()).isEqualTo("42");
  }

  @Test
  void identifyWithEmailOrLaterEmailDoesNotFireForThatPerson() {
    identify("42", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}");
    identify("42", "{\"plan\":\"team\"}");

    assertThat(pitfalls("missing-email")).isEmpty();
  }

  @Test
  void workspaceThatDoesNotExpectEmailNeverFires() {
    http = http.as(server.newFake().credentials());
    assertThat(http.admin("PUT", "/__cio/workspaces/" + http.credentials().siteId() + "/settings",
        "{\"expect_email\":false}").status()).isEqualTo(200);
    identify("42", "{\"plan\":\"pro\"}");

    assertThat(server.fake(http.credentials().siteId()).pitfalls()).noneMatch(p -> p.id().equals("missing-email"));
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/42", null).status())
        .as("the person was stored").isEqualTo(200);
  }

  @Test
  void attributeChangingTypeAcrossPeopleFires() {
    identify("1", "{\"email\":\"a@example.com\",\"plan\":\"premium\"}");
    identify("2", "{\"email\":\"b@example.com\",\"plan\":1}");

    JsonNode p = onlyPitfall("inconsistent-attribute-type");
    assertThat(p.get("severity").asText()).isEqualTo("warning");
    assertThat(p.at("/evidence/attribute").asText()).isEqualTo("plan");
    assertThat(p.at("/evidence/first_type").asText()).isEqualTo("string");
    assertThat(p.at("/evidence/now_type").asText()).isEqualTo("number");
  }

  @Test
  void attributeChangingTypeOverTimeFires() {
    identify("1", "{\"email\":\"a@example.com\",\"vip\":\"true\"}");
    identify("1", "{\"vip\":true}");

    assertThat(onlyPitfall("inconsistent-attribute-type").at("/evidence/now_type").asText()).isEqualTo("boolean");
  }

  @Test
  void consistentTypesAndRemovalsDoNotFire() {
    identify("1", "{\"email\":\"a@example.com\",\"seats\":5,\"plan\":\"pro\"}");
    identify("2", "{\"email\":\"b@example.com\",\"seats\":7.5,\"plan\":\"team\"}");
    identify("1", "{\"plan\":null,\"seats\":\"\"}");

    assertThat(pitfalls("inconsistent-attribute-type")).isEmpty();
  }
}
