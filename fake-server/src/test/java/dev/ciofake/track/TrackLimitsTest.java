package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.attributes;
import static dev.ciofake.track.TrackAssertions.events;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static dev.ciofake.track.TrackAssertions.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every limit of docs/customerio-facts.md 1.5 at its bound and one past it. Several use characters of two or three
 * UTF-8 bytes, so a fake that counted characters instead of bytes would accept what the real service refuses.
 */
class TrackLimitsTest {
  /** Three bytes in UTF-8, one char. */
  private static final String EURO = "\u20ac";
  /** Two bytes in UTF-8, one char. */
  private static final String E_ACUTE = "\u00e9";

  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    http = new FakeHttp(server);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- person id: 150 bytes

  @Test
  void pathIdOf150BytesIsAccepted() {
    String id = "p".repeat(150);

    assertOk(http.track("PUT", "/api/v1/customers/" + id, "{}"));

    assertThat(person(http, id).get("id").asText()).isEqualTo(id);
  }

  @Test
  void pathIdOf151BytesIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/" + "p".repeat(151), "{}"),
        "identifier cannot be longer than 150 bytes");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void pathIdOf150MultiByteBytesIsAccepted() {
    String id = EURO.repeat(50);
    assertThat(utf8(id)).isEqualTo(150);

    assertOk(http.track("PUT", "/api/v1/customers/" + encode(id), "{}"));

    assertThat(people(http).get(0).get("id").asText()).isEqualTo(id);
  }

  @Test
  void pathIdOf51CharsButOver150BytesIsRejected() {
    String id = EURO.repeat(50) + "a";
    assertThat(id.length()).isEqualTo(51);
    assertThat(utf8(id)).isEqualTo(151);

    assertBadRequest(http.track("PUT", "/api/v1/customers/" + encode(id), "{}"),
        "identifier cannot be longer than 150 bytes");
  }

  @Test
  void pathIdLimitAppliesToEveryPersonEndpoint() {
    String tooLong = "p".repeat(151);

    assertBadRequest(http.track("POST", "/api/v1/customers/" + tooLong + "/events", """
        {"name":"x"}
        """), "identifier cannot be longer than 150 bytes");
    assertBadRequest(http.track("DELETE", "/api/v1/customers/" + tooLong, null),
        "identifier cannot be longer than 150 bytes");
    assertBadRequest(http.track("POST", "/api/v1/customers/" + tooLong + "/suppress", null),
        "identifier cannot be longer than 150 bytes");
    assertBadRequest(http.track("PUT", "/api/v1/customers/" + tooLong + "/devices", """
        {"device":{"id":"t","platform":"ios"}}
        """), "identifier cannot be longer than 150 bytes");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void bodyIdOf150BytesIsAccepted() {
    String id = "b".repeat(150);

    assertOk(http.track("PUT", "/api/v1/customers/ada%40example.com", "{\"id\":\"" + id + "\"}"));

    assertThat(person(http, "ada%40example.com").get("id").asText()).isEqualTo(id);
  }

  @Test
  void bodyIdOf151BytesIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/ada%40example.com",
        "{\"id\":\"" + "b".repeat(151) + "\"}"), "id cannot be longer than 150 bytes");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void bodyIdOfFewCharsButOver150BytesIsRejected() {
    String id = E_ACUTE.repeat(75) + "x";
    assertThat(utf8(id)).isEqualTo(151);

    assertBadRequest(http.track("PUT", "/api/v1/customers/ada%40example.com", "{\"id\":\"" + id + "\"}"),
        "id cannot be longer than 150 bytes");
  }

  // ---------------------------------------------------------------- attribute name: 150 bytes

  @Test
  void attributeNameOf150BytesIsAccepted() {
    String name = "n".repeat(150);

    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"" + name + "\":\"v\"}"));

    assertThat(person(http, "42").get("attributes").has(name)).isTrue();
  }

  @Test
  void attributeNameOf151BytesIsRejected() {
    String name = "n".repeat(151);

    assertBadRequest(http.track("PUT", "/api/v1/customers/42", "{\"" + name + "\":\"v\"}"),
        "attribute name '" + name + "' cannot be longer than 150 bytes");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void attributeNameOf75TwoByteCharsIsAcceptedAndOneMoreByteIsNot() {
    String atBound = E_ACUTE.repeat(75);
    String pastBound = atBound + "s";

    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"" + atBound + "\":\"v\"}"));
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", "{\"" + pastBound + "\":\"v\"}"),
        "attribute name '" + pastBound + "' cannot be longer than 150 bytes");
  }

  // ---------------------------------------------------------------- attribute value: 1000 bytes

  @Test
  void attributeValueOf1000BytesIsAccepted() {
    String value = "v".repeat(1000);

    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"bio\":\"" + value + "\"}"));

    assertThat(person(http, "42").at("/attributes/bio").asText()).isEqualTo(value);
  }

  @Test
  void attributeValueOf1001BytesIsRejectedWithTheRealMessage() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", "{\"myAttribute\":\"" + "v".repeat(1001) + "\"}"),
        "value for attribute 'myAttribute' cannot be longer than 1000 bytes");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void attributeValueCountsBytesNotCharacters() {
    String atBound = EURO.repeat(333) + "a";
    String pastBound = EURO.repeat(334);
    assertThat(utf8(atBound)).isEqualTo(1000);
    assertThat(pastBound.length()).isLessThan(1000);
    assertThat(utf8(pastBound)).isEqualTo(1002);

    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"bio\":\"" + atBound + "\"}"));
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", "{\"bio\":\"" + pastBound + "\"}"),
        "value for attribute 'bio' cannot be longer than 1000 bytes");
    assertThat(person(http, "42").at("/attributes/bio").asText()).isEqualTo(atBound);
  }

  @Test
  void everyOversizedAttributeIsReported() {
    String big = "v".repeat(1001);

    assertBadRequest(http.track("PUT", "/api/v1/customers/42", "{\"a\":\"" + big + "\",\"b\":\"" + big + "\"}"),
        "value for attribute 'a' cannot be longer than 1000 bytes",
        "value for attribute 'b' cannot be longer than 1000 bytes");
  }

  @Test
  void deviceAttributeValueOver1000BytesIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices",
            "{\"device\":{\"id\":\"t\",\"platform\":\"ios\",\"attributes\":{\"note\":\"" + "v".repeat(1001) + "\"}}}"),
        "value for attribute 'note' cannot be longer than 1000 bytes");
  }

  // ---------------------------------------------------------------- 300 attributes per call

  @Test
  void threeHundredAttributesInOneCallAreAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{" + attributes("a", 300) + "}"));

    assertThat(person(http, "42").get("attributes").has("a299")).isTrue();
  }

  @Test
  void threeHundredAndOneAttributesInOneCallAreRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", "{" + attributes("a", 301) + "}"),
        "cannot set more than 300 attributes in one request (got 301)");
    assertThat(people(http)).isEmpty();
  }

  // ---------------------------------------------------------------- 300 unique attributes per person

  @Test
  void threeHundredUniqueAttributesAcrossCallsAreAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{" + attributes("a", 150) + "}"));
    assertOk(http.track("PUT", "/api/v1/customers/42", "{" + attributes("b", 150) + "}"));

    assertThat(person(http, "42").get("attributes").has("b149")).isTrue();
  }

  @Test
  void theThreeHundredAndFirstUniqueAttributeOfAPersonIsRejected() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{" + attributes("a", 150) + "}"));
    assertOk(http.track("PUT", "/api/v1/customers/42", "{" + attributes("b", 150) + "}"));

    assertBadRequest(http.track("PUT", "/api/v1/customers/42", """
        {"one_more":"v"}
        """), "person id \"42\" would have 301 unique attributes; the limit is 300");
    assertThat(person(http, "42").get("attributes").has("one_more")).isFalse();
  }

  @Test
  void updatingExistingAttributesOfAPersonAtTheLimitIsAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{" + attributes("a", 300) + "}"));

    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"a0":"changed","email":"ada@example.com"}
        """));

    assertThat(person(http, "42").at("/attributes/a0").asText()).isEqualTo("changed");
  }

  @Test
  void removingAnAttributeFreesRoomForANewOne() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{" + attributes("a", 300) + "}"));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"a0":null}
        """));

    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"replacement":"v"}
        """));

    assertThat(person(http, "42").get("attributes").has("replacement")).isTrue();
  }

  // ---------------------------------------------------------------- event name: 100 bytes

  @Test
  void eventNameOf100BytesIsAccepted() {
    String name = "e".repeat(100);

    assertOk(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"" + name + "\"}"));

    assertThat(events(http).get(0).get("name").asText()).isEqualTo(name);
  }

  @Test
  void eventNameOf101BytesIsRejectedWithTheRealMessage() {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"" + "e".repeat(101) + "\"}");

    assertThat(r.body()).isEqualTo("""
        {
          "meta": {
            "errors": [
              "event name cannot be longer than 100 bytes"
            ]
          }
        }
        """);
    assertBadRequest(r, "event name cannot be longer than 100 bytes");
    assertThat(events(http)).isEmpty();
  }

  @Test
  void eventNameCountsBytesNotCharacters() {
    String atBound = EURO.repeat(33) + "a";
    String pastBound = EURO.repeat(34);
    assertThat(utf8(atBound)).isEqualTo(100);
    assertThat(utf8(pastBound)).isEqualTo(102);

    assertOk(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"" + atBound + "\"}"));
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"" + pastBound + "\"}"),
        "event name cannot be longer than 100 bytes");
    assertThat(events(http)).hasSize(1);
  }

  @Test
  void eventNameLimitAppliesAfterTrimming() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"  " + "e".repeat(100) + "  \"}"));

    assertThat(events(http).get(0).get("name").asText()).isEqualTo("e".repeat(100));
  }

  @Test
  void anonymousEventNameOf101BytesIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/events",
        "{\"name\":\"" + "e".repeat(101) + "\",\"anonymous_id\":\"anon-1\"}"),
        "event name cannot be longer than 100 bytes");
  }

  // ---------------------------------------------------------------- event data: 100,000 bytes

  /** {@code {"blob":"xxx"}} whose compact JSON is exactly {@code bytes} long. */
  private static String dataOfBytes(int bytes) {
    String data = "{\"blob\":\"" + "x".repeat(bytes - 11) + "\"}";
    assertThat(utf8(data)).isEqualTo(bytes);
    return data;
  }

  @Test
  void eventDataOf100000BytesIsAccepted() {
    assertOk(http.track("POST", "/api/v1/customers/42/events",
        "{\"name\":\"big\",\"data\":" + dataOfBytes(100_000) + "}"));

    assertThat(events(http).get(0).at("/data/blob").asText()).hasSize(100_000 - 11);
  }

  @Test
  void eventDataOf100001BytesIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events",
        "{\"name\":\"big\",\"data\":" + dataOfBytes(100_001) + "}"),
        "event data cannot be larger than 100000 bytes (got 100001)");
    assertThat(events(http)).isEmpty();
  }

  @Test
  void eventDataCountsBytesNotCharacters() {
    // 33,330 euro signs are 99,990 bytes; with {"blob":""} (11 bytes) the data is 100,001 bytes but 33,341 chars.
    String data = "{\"blob\":\"" + EURO.repeat(33_330) + "\"}";
    assertThat(utf8(data)).isEqualTo(100_001);

    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"big\",\"data\":" + data + "}"),
        "event data cannot be larger than 100000 bytes (got 100001)");
  }

  @Test
  void anonymousEventDataOf100001BytesIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/events",
        "{\"name\":\"big\",\"anonymous_id\":\"anon-1\",\"data\":" + dataOfBytes(100_001) + "}"),
        "event data cannot be larger than 100000 bytes (got 100001)");
  }

  // ---------------------------------------------------------------- segments: 1..1000 ids

  private static String ids(int count) {
    StringBuilder sb = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < count; i++) {
      sb.append(i > 0 ? "," : "").append('"').append("u").append(i).append('"');
    }
    return sb.append("]}").toString();
  }

  @Test
  void segmentWithOneIdIsAccepted() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", ids(1)));
  }

  @Test
  void segmentWithNoIdsIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/add_customers", ids(0)),
        "ids must have at least 1 item(s)");
  }

  @Test
  void segmentWith1000IdsIsAccepted() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", ids(1000)));
    assertOk(http.track("POST", "/api/v1/segments/7/remove_customers", ids(1000)));
  }

  @Test
  void segmentWith1001IdsIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/add_customers", ids(1001)),
        "ids cannot have more than 1000 items");
    assertBadRequest(http.track("POST", "/api/v1/segments/7/remove_customers", ids(1001)),
        "ids cannot have more than 1000 items");
  }
}
