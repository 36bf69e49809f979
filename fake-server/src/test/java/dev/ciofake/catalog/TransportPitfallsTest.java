package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testing.FakeHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportPitfallsTest extends CatalogTestBase {

  private HttpRequest identifyRequest(WorkspaceCredentials ws, int i) {
    return HttpRequest.newBuilder(URI.create(server.fake().trackUrl() + "/customers/" + i))
        .header("Authorization", FakeHttp.basic(ws.siteId(), ws.trackApiKey()))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"p" + i + "@example.com\"}"))
        .build();
  }

  @Test
  void aNewClientPerRequestOpensANewConnectionEachTimeAndFires() throws Exception {
    WorkspaceCredentials ws = server.newFake().credentials();
    for (int i = 0; i < 20; i++) {
      HttpClient perCall = HttpClient.newHttpClient();
      assertThat(perCall.send(identifyRequest(ws, i), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }

    JsonNode p = new FakeHttp(server.baseUrl(), ws).admin("GET", "/__cio/pitfalls?id=no-connection-reuse&site_id="
        + ws.siteId(), null).json().get("pitfalls").get(0);
    assertThat(p).as("no-connection-reuse pitfall").isNotNull();
    assertThat(p.get("severity").asText()).isEqualTo("warning");
    assertThat(p.at("/evidence/requests").asInt()).isEqualTo(20);
    assertThat(p.at("/evidence/connections").asInt()).isEqualTo(20);
  }

  @Test
  void aWorkspaceThatHasSeenAThousandClientsStillJudgesANewOne() throws Exception {
    WorkspaceCredentials ws = server.newFake().credentials();
    HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int from = 0; from < 1_000; from += 50) { // fills the detector's table of clients (IP and User-Agent)
      List<java.util.concurrent.CompletableFuture<HttpResponse<Void>>> wave = new java.util.ArrayList<>();
      for (int i = from; i < from + 50; i++) {
        HttpRequest r = HttpRequest.newBuilder(identifyRequest(ws, i), (k, v) -> true)
            .header("User-Agent", "crowd-" + i).build();
        wave.add(shared.sendAsync(r, HttpResponse.BodyHandlers.discarding()));
      }
      wave.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    }
    for (int i = 0; i < 20; i++) {
      HttpClient perCall = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest r = HttpRequest.newBuilder(identifyRequest(ws, 5_000 + i), (k, v) -> true)
          .header("User-Agent", "newcomer").build();
      assertThat(perCall.send(r, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    assertThat(server.fake(ws.siteId()).pitfalls()).filteredOn(p -> p.id().equals("no-connection-reuse"))
        .as("the 1001st client is judged, not ignored").singleElement()
        .satisfies(p -> assertThat(p.message()).contains("newcomer"));
  }

  @Test
  void oneSharedClientReusesItsConnectionAndDoesNotFire() throws Exception {
    WorkspaceCredentials ws = server.newFake().credentials();
    HttpClient shared = HttpClient.newHttpClient();
    for (int i = 0; i < 30; i++) {
      assertThat(shared.send(identifyRequest(ws, i), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
    assertThat(server.fake(ws.siteId()).pitfalls()).noneMatch(p -> p.id().equals("no-connection-reuse"));
    JsonNode journal = new FakeHttp(server.baseUrl(), ws).admin("GET", "/__cio/requests?site_id=" + ws.siteId(), null)
        .json();
    assertThat(journal.get("requests").findValuesAsText("connection")).hasSize(30).doesNotContainNull();
  }

  @Test
  void theSameEventTwiceWithoutAnIdIsADuplicate() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    String event = "{\"name\":\"order_completed\",\"data\":{\"order\":\"o-1\"},\"timestamp\":1700000000}";
    track("42", event);
    var retry = http.send("POST", "/api/v1/customers/42/events", event,
        java.util.Map.of("Authorization", http.trackAuth(), "X-Retry-Count", "1"));
    assertThat(retry.status()).isEqualTo(200);

    JsonNode p = onlyPitfall("duplicate-event-without-id");
    assertThat(p.get("severity").asText()).isEqualTo("warning");
    assertThat(p.at("/evidence/event").asText()).isEqualTo("order_completed");
    assertThat(p.at("/evidence/x_retry_count").asText()).isEqualTo("1");
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/events", null).json()
        .get("count").asInt()).as("both copies are stored, as the real service would").isEqualTo(2);
  }

  @Test
  void theSameEventAgainAfterTheTenSecondWindowIsNoDuplicate() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    String event = "{\"name\":\"order_completed\",\"data\":{\"order\":\"o-1\"},\"timestamp\":1700000000}";
    track("42", event);
    server.clock().advance(java.time.Duration.ofSeconds(11));
    track("42", event);
    assertThat(pitfalls("duplicate-event-without-id")).as("11 s apart").isEmpty();

    server.clock().advance(java.time.Duration.ofSeconds(9));
    track("42", event);
    assertThat(pitfalls("duplicate-event-without-id")).as("9 s after the last copy").hasSize(1);
  }

  @Test
  void eventsWithIdsOrDifferentDataAreNotDuplicates() {
    identify("42", "{\"email\":\"ada@example.com\"}");
    String withId = "{\"id\":\"01HZX3J9Q6W1V8N5K2M4P7R0TA\",\"name\":\"order_completed\",\"data\":{\"order\":\"o-1\"}}";
    track("42", withId);
    track("42", withId);
    track("42", "{\"name\":\"order_completed\",\"data\":{\"order\":\"o-2\"}}");
    track("42", "{\"name\":\"order_completed\",\"data\":{\"order\":\"o-3\"}}");

    assertThat(pitfalls("duplicate-event-without-id")).isEmpty();
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/events", null).json()
        .get("count").asInt()).as("the repeated id was dropped").isEqualTo(3);
  }

  @Test
  void nearALimitWarnsAndPastItIsAnErrorNotAnInvalidRequest() {
    identify("42", "{\"email\":\"ada@example.com\",\"bio\":\"" + "x".repeat(950) + "\"}");
    var tooBig = http.track("PUT", "/api/v1/customers/42", "{\"bio\":\"" + "x".repeat(1001) + "\"}");
    assertThat(tooBig.status()).isEqualTo(400);

    List<JsonNode> ps = pitfalls("oversized-payload");
    assertThat(ps).extracting(p -> p.get("severity").asText()).containsExactly("warning", "error");
    assertThat(ps.get(0).get("message").asText()).contains("within 10% of the limit of 1000 bytes");
    assertThat(ps.get(1).get("message").asText()).contains("cannot be longer than 1000 bytes");
    assertThat(pitfalls("invalid-request")).isEmpty();
  }

  @Test
  void comfortablySmallPayloadsDoNotFire() {
    identify("42", "{\"email\":\"ada@example.com\",\"bio\":\"" + "x".repeat(500) + "\"}");
    track("42", "{\"name\":\"" + "n".repeat(80) + "\"}");

    assertThat(pitfalls("oversized-payload")).isEmpty();
  }
}
