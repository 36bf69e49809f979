package dev.ciofake.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.junit5.CustomerIoFake;
import dev.ciofake.junit5.FailOn;
import dev.ciofake.testing.FakeHttp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Requests the Track document allows that the fake refused (issue 16), and the relationship limits it did not
 * enforce. The whole document is checked by contract-tests' {@code TrackContractTest}; these pin each case.
 */
@CustomerIoFake(rateLimits = false, failOn = FailOn.NEVER)
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fake sets the cio.* properties
class SpecValidRequestsTest {
  private FakeHttp http;
  private CioFake cio;

  @BeforeEach
  void http(CioFake cio) {
    this.cio = cio;
    this.http = new FakeHttp(cio.baseUrl(), cio.credentials());
  }

  @Test
  void theDocumentsStandardAnonymousEventNeedsOnlyAName() {
    FakeHttp.Response r = http.track("POST", "/api/v1/events", "{\"name\":\"watched_video\"}");

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(cio.events()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("watched_video");
      assertThat(e.anonymousId()).isNull();
    });
  }

  @Test
  void theV2ObjectIdentifyAnonymousExampleWithATopLevelAnonymousIdIsAccepted() {
    FakeHttp.Response r = http.track("POST", "/api/v2/entity", "{\"type\":\"object\",\"identifiers\":"
        + "{\"object_type_id\":\"1\",\"object_id\":\"acme\"},\"action\":\"identify_anonymous\","
        + "\"anonymous_id\":\"anon-abc-123\"}");
    FakeHttp.Response neither = http.track("POST", "/api/v2/entity", "{\"type\":\"object\",\"identifiers\":"
        + "{\"object_type_id\":\"1\",\"object_id\":\"acme\"},\"action\":\"identify_anonymous\"}");

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(http.admin("GET", "/__cio/workspaces/" + cio.siteId() + "/objects", null).body()).contains("acme");
    assertThat(neither.status()).as("no anonymous person at all").isEqualTo(400);
    assertThat(neither.json().at("/errors/0/message").asText()).contains("anonymous_id");
  }

  @Test
  void aFormWithANullIdOrEmailBesideTheOtherIdentifierIsAccepted() {
    FakeHttp.Response byEmail = http.track("POST", "/api/v1/forms/signup/submit",
        "{\"data\":{\"email\":\"ada@example.com\",\"id\":null,\"plan\":\"pro\"}}");
    FakeHttp.Response byId = http.track("POST", "/api/v1/forms/signup/submit",
        "{\"data\":{\"id\":\"42\",\"email\":null}}");
    FakeHttp.Response none = http.track("POST", "/api/v1/forms/signup/submit",
        "{\"data\":{\"id\":null,\"email\":null}}");

    assertThat(byEmail.status()).as("%s", byEmail).isEqualTo(204);
    assertThat(byId.status()).as("%s", byId).isEqualTo(204);
    assertThat(cio.person("ada@example.com")).hasValueSatisfying(p -> assertThat(p.attributes()).containsEntry("plan",
        "pro"));
    assertThat(cio.person("42")).isPresent();
    assertThat(none.status()).as("nulls identify nobody").isEqualTo(400);
  }

  @Test
  void aSendEmailWithHeadersAsAJsonStringIsAccepted() {
    String send = "{\"transactional_message_id\":3,\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"42\"},"
        + "\"headers\":%s}";

    FakeHttp.Response string = http.app("POST", "/v1/send/email",
        send.formatted("\"{\\\"X-Order\\\":\\\"o-1\\\"}\""));
    FakeHttp.Response object = http.app("POST", "/v1/send/email", send.formatted("{\"X-Order\":\"o-1\"}"));
    FakeHttp.Response notJson = http.app("POST", "/v1/send/email", send.formatted("\"X-Order: o-1\""));

    assertThat(string.status()).as("%s", string).isEqualTo(200);
    assertThat(object.status()).as("%s", object).isEqualTo(200);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().at("/meta/error").asText()).contains("headers");
  }

  @Test
  void anUnsubscribeWithAnEmptyBodyIsAccepted() {
    FakeHttp.Response r = http.send("POST", "/unsubscribe/dlv_1", "", Map.of("Content-Type", "application/json"));
    FakeHttp.Response noType = http.raw("POST", "/unsubscribe/dlv_1", "{}".getBytes(StandardCharsets.UTF_8),
        Map.of());

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(noType.status()).as("the document's 400, not 415, for the Content-Type it requires").isEqualTo(400);
  }

  // ---------------------------------------------------------------- relationship attribute limits

  private static String attrs(int count, int valueBytes) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":\"").append("v".repeat(valueBytes)).append('"');
    }
    return b.append('}').toString();
  }

  private FakeHttp.Response v2PersonRelationship(String relationshipAttributes) {
    return http.track("POST", "/api/v2/entity", "{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},"
        + "\"action\":\"add_relationships\",\"cio_relationships\":[{\"identifiers\":{\"object_type_id\":\"1\","
        + "\"object_id\":\"acme\"},\"relationship_attributes\":" + relationshipAttributes + "}]}");
  }

  @Test
  void aRelationshipAttributeValueIsAtMost1000Bytes() {
    assertThat(v2PersonRelationship("{\"role\":\"" + "r".repeat(1000) + "\"}").status()).isEqualTo(200);

    FakeHttp.Response r = v2PersonRelationship("{\"role\":\"" + "r".repeat(1001) + "\"}");

    assertThat(r.status()).isEqualTo(400);
    JsonNode e = r.json().at("/errors/0");
    assertThat(e.get("message").asText()).isEqualTo("value for relationship attribute 'role' cannot be longer than "
        + "1000 bytes");
    assertThat(e.get("field").asText()).isEqualTo("cio_relationships[0].relationship_attributes.role");
  }

  @Test
  void aRelationshipHasAtMost300Attributes() {
    assertThat(v2PersonRelationship(attrs(300, 1)).status()).isEqualTo(200);

    FakeHttp.Response r = v2PersonRelationship(attrs(301, 1));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/errors/0/message").asText()).contains("more than 300 attributes");
  }

  @Test
  void aRelationshipsAttributesTotalAtMost100Kb() {
    // each value fits, 110 of about 1 KB do not; a v1 identify, as a v2 operation cannot pass 32 KB
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", "{\"cio_relationships\":{\"action\":"
        + "\"add_relationships\",\"relationships\":[{\"identifiers\":{\"object_type_id\":\"1\",\"object_id\":"
        + "\"acme\"},\"relationship_attributes\":" + attrs(110, 990) + "}]}}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/meta/errors/0").asText()).isEqualTo("relationship attributes cannot total more than"
        + " 100 KB");
  }

  @Test
  void theLimitsHoldForObjectsAndForV1IdentifyToo() {
    FakeHttp.Response object = http.track("POST", "/api/v2/entity", "{\"type\":\"object\",\"identifiers\":"
        + "{\"object_type_id\":\"1\",\"object_id\":\"acme\"},\"action\":\"add_relationships\",\"cio_relationships\":"
        + "[{\"identifiers\":{\"id\":\"42\"},\"relationship_attributes\":{\"role\":\"" + "r".repeat(1001) + "\"}}]}");
    FakeHttp.Response v1 = http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\","
        + "\"cio_relationships\":{\"action\":\"add_relationships\",\"relationships\":[{\"identifiers\":"
        + "{\"object_type_id\":\"1\",\"object_id\":\"acme\"},\"relationship_attributes\":" + attrs(301, 1) + "}]}}");

    assertThat(object.status()).isEqualTo(400);
    assertThat(object.json().at("/errors/0/message").asText()).contains("relationship attribute 'role'");
    assertThat(v1.status()).isEqualTo(400);
    assertThat(v1.json().at("/meta/errors/0").asText()).contains("more than 300 attributes");
  }
}
