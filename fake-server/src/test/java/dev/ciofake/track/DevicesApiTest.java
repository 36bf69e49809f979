package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PUT /api/v1/customers/{id}/devices and DELETE /api/v1/customers/{id}/devices/{device_id} over HTTP. */
class DevicesApiTest {
  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    http = new FakeHttp(server);
  }

  @BeforeEach
  void resetState() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));
  }

  private static JsonNode devices() {
    return person(http, "42").get("devices");
  }

  @Test
  void addDeviceStoresItOnThePerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok_ios_1","platform":"ios","last_used":1700000000,"attributes":{"app_version":"1.2"}}}
        """));

    JsonNode d = devices().get(0);
    assertThat(d.get("id").asText()).isEqualTo("tok_ios_1");
    assertThat(d.get("platform").asText()).isEqualTo("ios");
    assertThat(d.get("last_used").asLong()).isEqualTo(1700000000L);
    assertThat(d.at("/attributes/app_version").asText()).isEqualTo("1.2");
  }

  @Test
  void goStyleDeviceWithStringLastUsedAndNullAttributesIsAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok_android_1","platform":"android","last_used":"1700000000","attributes":null}}
        """));

    assertThat(devices().get(0).get("last_used").asText()).isEqualTo("1700000000");
  }

  @Test
  void addingTheSameDeviceIdAgainUpdatesIt() {
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok","platform":"ios","last_used":1700000000}}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok","platform":"ios","last_used":1700000500}}
        """));

    assertThat(devices()).hasSize(1);
    assertThat(devices().get(0).get("last_used").asLong()).isEqualTo(1700000500L);
  }

  @Test
  void aPersonCanHaveSeveralDevices() {
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok_a","platform":"ios"}}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok_b","platform":"android"}}
        """));

    assertThat(devices().findValuesAsText("id")).containsExactly("tok_a", "tok_b");
  }

  @Test
  void addDeviceToUnknownPersonCreatesThePerson() {
    assertOk(http.track("PUT", "/api/v1/customers/99/devices", """
        {"device":{"id":"tok","platform":"ios"}}
        """));

    assertThat(person(http, "99").get("devices")).hasSize(1);
    assertThat(person(http, "99").get("identified").asBoolean()).isFalse();
  }

  @Test
  void addDeviceByEmailIdentifier() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"email":"ada@example.com"}
        """));

    assertOk(http.track("PUT", "/api/v1/customers/ada%40example.com/devices", """
        {"device":{"id":"tok","platform":"ios"}}
        """));

    assertThat(devices()).hasSize(1);
    assertThat(people(http)).hasSize(1);
  }

  @Test
  void deleteDeviceRemovesIt() {
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok_a","platform":"ios"}}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok_b","platform":"ios"}}
        """));

    assertOk(http.track("DELETE", "/api/v1/customers/42/devices/tok_a", null));

    assertThat(devices().findValuesAsText("id")).containsExactly("tok_b");
  }

  @Test
  void deleteDeviceDecodesThePercentEncodedDeviceId() {
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"fcm:abc/def+1","platform":"android"}}
        """));

    assertOk(http.track("DELETE", "/api/v1/customers/42/devices/fcm%3Aabc%2Fdef%2B1", null));

    assertThat(devices()).isEmpty();
  }

  @Test
  void deleteUnknownDeviceIsA200NoOp() {
    assertOk(http.track("DELETE", "/api/v1/customers/42/devices/nope", null));

    assertThat(devices()).isEmpty();
  }

  @Test
  void deleteDeviceOfUnknownPersonIsA200NoOpThatCreatesNobody() {
    assertOk(http.track("DELETE", "/api/v1/customers/99/devices/tok", null));

    assertThat(people(http)).hasSize(1);
  }

  // ---------------------------------------------------------------- incorrect forms

  @Test
  void missingDeviceIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", """
        {"id":"tok","platform":"ios"}
        """), "device is required");
    assertThat(devices()).isEmpty();
  }

  @Test
  void deviceWithoutIdIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"platform":"ios"}}
        """), "device.id is required");
  }

  @Test
  void deviceWithEmptyIdIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"","platform":"ios"}}
        """), "device.id must not be empty");
  }

  @Test
  void deviceWithUnknownPlatformIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok","platform":"web"}}
        """), "device.platform must be one of [\"ios\",\"android\"], got \"web\"");
  }

  @Test
  void deviceWithoutPlatformIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok"}}
        """), "device.platform is required");
  }

  @Test
  void deviceThatIsNotAnObjectIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":"tok"}
        """), "device must be an object, got a string");
  }

  @Test
  void lastUsedThatIsNeitherNumberNorStringIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok","platform":"ios","last_used":true}}
        """), "device.last_used must be an integer or a string, got a boolean");
  }

  @Test
  void emptyBodyIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42/devices", ""),
        "request body is required: send a JSON object");
  }

  @Test
  void postOnDevicesIsMethodNotAllowed() {
    assertErrors(http.track("POST", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok","platform":"ios"}}
        """), 405, "POST is not allowed on /api/v1/customers/42/devices; allowed: PUT");
  }

  @Test
  void deleteDeviceWithInvalidCioIdIsRejected() {
    assertBadRequest(http.track("DELETE", "/api/v1/customers/cio_%2A/devices/tok", null),
        "identifier 'cio_*' starts with cio_ but is not a valid cio_id (letters and digits after the prefix)");
  }
}
