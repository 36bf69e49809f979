package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiInNameTest extends CatalogTestBase {

  @Test
  void emailInAnEventNameFires() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    track("42", "{\"name\":\"verified_ada@example.com\"}");

    JsonNode p = onlyPitfall("pii-in-name");
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.at("/evidence/where").asText()).isEqualTo("event name");
    assertThat(p.at("/evidence/personal_data").asText()).isEqualTo("email address");
  }

  @Test
  void phoneInAnAttributeNameAndCardInEventDataKeyFire() {
    identify("42", "{\"email\":\"ada@example.com\",\"opt_in_+15551234567\":true}");
    track("42", "{\"name\":\"paid\",\"data\":{\"card_4111 1111 1111 1111\":\"visa\"}}");

    List<JsonNode> ps = pitfalls("pii-in-name");
    assertThat(ps).extracting(p -> p.at("/evidence/where").asText())
        .containsExactly("attribute name", "event data key");
    assertThat(ps).extracting(p -> p.at("/evidence/personal_data").asText())
        .containsExactly("phone number", "payment card number");
  }

  @Test
  void emailAsASegmentIdAndInADeviceAttributeNameFire() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    assertThat(http.track("POST", "/api/v1/segments/ada@example.com/add_customers",
        "{\"ids\":[\"42\"]}").status()).isEqualTo(200);
    assertThat(http.track("PUT", "/api/v1/customers/42/devices",
        "{\"device\":{\"id\":\"tok\",\"platform\":\"ios\",\"attributes\":{\"owner_ada@example.com\":\"1\"}}}")
        .status()).isEqualTo(200);

    assertThat(pitfalls("pii-in-name")).extracting(p -> p.at("/evidence/where").asText())
        .containsExactly("segment id", "device attribute name");
  }

  @Test
  void personalDataInValuesIsFine() {
    identify("42", "{\"email\":\"ada@example.com\",\"phone\":\"+15551234567\"}");
    track("42", "{\"name\":\"email_verified\",\"data\":{\"email\":\"ada@example.com\",\"order\":1234567}}");

    assertThat(pitfalls("pii-in-name")).isEmpty();
  }
}
