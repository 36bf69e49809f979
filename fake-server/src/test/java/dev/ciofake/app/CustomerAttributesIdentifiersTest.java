package dev.ciofake.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.junit5.CustomerIoFake;
import dev.ciofake.junit5.FailOn;
import dev.ciofake.testing.FakeHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code GET /v1/customers/{id}/attributes} carries {@code customer.identifiers}, the Track document's
 * {@code customer_identifiers} ({@code email}, {@code id}, {@code cio_id}, unset ones null), which its
 * {@code customerAttributesObject} recommends over the bare id.
 */
@CustomerIoFake(rateLimits = false, failOn = FailOn.NEVER)
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fake sets the cio.* properties
class CustomerAttributesIdentifiersTest {

  @Test
  void thePersonsIdentifiersAreInTheAttributesAnswer(CioFake cio) {
    FakeHttp http = new FakeHttp(cio.baseUrl(), cio.credentials());
    assertThat(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\"}").status()).isEqualTo(200);
    assertThat(http.track("PUT", "/api/v1/customers/bob%40example.com", "{}").status()).isEqualTo(200);
    String cioId = cio.person("42").orElseThrow().cioId();

    JsonNode ada = http.app("GET", "/v1/customers/42/attributes", null).json().at("/customer/identifiers");
    JsonNode bob = http.app("GET", "/v1/customers/bob%40example.com/attributes?id_type=email", null).json()
        .at("/customer/identifiers");

    assertThat(ada.toString()).isEqualTo("{\"email\":\"ada@example.com\",\"id\":\"42\",\"cio_id\":\"" + cioId + "\"}");
    assertThat(bob.get("id").isNull()).as("an unset id is null").isTrue();
    assertThat(bob.get("email").asText()).isEqualTo("bob@example.com");
    assertThat(bob.get("cio_id").asText()).isNotBlank();
  }
}
