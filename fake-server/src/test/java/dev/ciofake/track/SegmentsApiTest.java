package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static dev.ciofake.track.TrackAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /api/v1/segments/{segment_id}/add_customers and .../remove_customers with {@code id_type}, over HTTP. */
class SegmentsApiTest {
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
    assertOk(http.track("PUT", "/api/v1/customers/1", """
        {"email":"one@example.com"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/2", """
        {"email":"two@example.com"}
        """));
  }

  private static java.util.List<String> segmentsOf(String id) {
    return texts(person(http, id).get("segments"));
  }

  @Test
  void addCustomersByIdIsTheDefault() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":["1","2"]}
        """));

    assertThat(segmentsOf("1")).containsExactly("7");
    assertThat(segmentsOf("2")).containsExactly("7");
  }

  @Test
  void addCustomersWithExplicitIdType() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers?id_type=id", """
        {"ids":["1"]}
        """));

    assertThat(segmentsOf("1")).containsExactly("7");
    assertThat(segmentsOf("2")).isEmpty();
  }

  @Test
  void addCustomersAcceptsIntegerIds() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":[1,2]}
        """));

    assertThat(segmentsOf("2")).containsExactly("7");
  }

  @Test
  void addCustomersByEmail() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers?id_type=email", """
        {"ids":["TWO@example.com"]}
        """));

    assertThat(segmentsOf("1")).isEmpty();
    assertThat(segmentsOf("2")).containsExactly("7");
  }

  @Test
  void addCustomersByCioId() {
    String cioId = person(http, "1").get("cio_id").asText();

    assertOk(http.track("POST", "/api/v1/segments/7/add_customers?id_type=cio_id", """
        {"ids":["%s"]}
        """.formatted(cioId)));

    assertThat(segmentsOf("1")).containsExactly("7");
  }

  @Test
  void aPersonCanBeInSeveralSegments() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":["1"]}
        """));
    assertOk(http.track("POST", "/api/v1/segments/8/add_customers", """
        {"ids":["1"]}
        """));

    assertThat(segmentsOf("1")).containsExactly("7", "8");
  }

  @Test
  void removeCustomersTakesPeopleOut() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":["1","2"]}
        """));

    assertOk(http.track("POST", "/api/v1/segments/7/remove_customers", """
        {"ids":["1"]}
        """));

    assertThat(segmentsOf("1")).isEmpty();
    assertThat(segmentsOf("2")).containsExactly("7");
  }

  @Test
  void removeCustomersByEmail() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":["1"]}
        """));

    assertOk(http.track("POST", "/api/v1/segments/7/remove_customers?id_type=email", """
        {"ids":["one@example.com"]}
        """));

    assertThat(segmentsOf("1")).isEmpty();
  }

  @Test
  void unknownIdsAreIgnoredWith200() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":["nobody","1"]}
        """));

    assertThat(people(http)).hasSize(2);
    assertThat(segmentsOf("1")).containsExactly("7");
  }

  @Test
  void emailsSentWithTheDefaultIdTypeMatchNobody() {
    assertOk(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":["one@example.com"]}
        """));

    assertThat(segmentsOf("1")).isEmpty();
  }

  // ---------------------------------------------------------------- incorrect forms

  @Test
  void unknownIdTypeIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/add_customers?id_type=phone", """
        {"ids":["1"]}
        """), "id_type must be one of id, email, cio_id, got 'phone'");
    assertThat(segmentsOf("1")).isEmpty();
  }

  @Test
  void unknownIdTypeIsRejectedOnRemoveToo() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/remove_customers?id_type=ID", """
        {"ids":["1"]}
        """), "id_type must be one of id, email, cio_id, got 'ID'");
  }

  @Test
  void missingIdsIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"customers":["1"]}
        """), "ids is required");
  }

  @Test
  void idsThatAreNotAnArrayAreRejected() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":"1"}
        """), "ids must be an array, got a string");
  }

  @Test
  void idsOfTheWrongTypeAreRejected() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/add_customers", """
        {"ids":["1",true]}
        """), "ids[1] must be a string or an integer, got a boolean");
  }

  @Test
  void emptyBodyIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/segments/7/add_customers", ""),
        "request body is required: send a JSON object");
  }

  @Test
  void getOnASegmentActionIsMethodNotAllowed() {
    assertErrors(http.track("GET", "/api/v1/segments/7/add_customers", null), 405,
        "GET is not allowed on /api/v1/segments/7/add_customers; allowed: POST");
  }

  @Test
  void unknownSegmentActionIsNotFound() {
    assertErrors(http.track("POST", "/api/v1/segments/7/add_people", """
        {"ids":["1"]}
        """), 404, "no Track API endpoint POST /api/v1/segments/7/add_people");
  }
}
