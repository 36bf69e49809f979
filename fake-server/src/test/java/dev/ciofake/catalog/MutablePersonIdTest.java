package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MutablePersonIdTest extends CatalogTestBase {

  @Test
  void personAddressedByEmailWithoutAnIdFires() {
    var r = identify("ada%40example.com", "{\"plan\":\"pro\"}");

    JsonNode p = onlyPitfall("mutable-person-id");
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("message").asText()).contains("ada@example.com").contains("no id");
    assertThat(p.get("request_id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
    assertThat(p.at("/evidence/addressed_as").asText()).isEqualTo("email");
  }

  @Test
  void oneEmailUnderTwoPersonIdsFires() {
    identify("user-1", "{\"email\":\"ada@example.com\"}");
    identify("user-2", "{\"email\":\"ada@example.com\"}");

    JsonNode p = onlyPitfall("mutable-person-id");
    assertThat(p.get("message").asText()).contains("one email under two person ids").contains("user-1");
    assertThat(p.at("/evidence/identifier").asText()).isEqualTo("user-2");
  }

  @Test
  void changingAnIdWithoutCioIdFires() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    identify("ada%40example.com", "{\"id\":\"43\"}");

    assertThat(onlyPitfall("mutable-person-id").get("message").asText())
        .contains("tried to change a person's id").contains("cio_");
  }

  @Test
  void stableIdsWithEmailAttributesAndCioIdChangesDoNotFire() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    identify("43", "{\"email\":\"bob@example.com\"}");
    String cioId = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/42", null)
        .json().get("cio_id").asText();
    identify("cio_" + cioId, "{\"id\":\"42-renamed\",\"email\":\"ada.new@example.com\"}");

    assertThat(pitfalls("mutable-person-id")).isEmpty();
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/42-renamed", null)
        .json().get("email").asText()).isEqualTo("ada.new@example.com");
  }
}
