package dev.ciofake.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeException;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.FakeHttp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The admin API refuses what a hostile page or a neighbour could send (issue 15, item 13): cross-origin writes
 * (Origin, Fetch-Metadata, a non-JSON content type), a Host that is not the fake's (DNS rebinding), requests without
 * the admin token when one is set, and webhook targets outside what a test needs.
 */
class AdminProtectionTest {
  private static CioFakeServer server;
  private static FakeHttp http;

  @BeforeAll
  static void start() {
    server = CioFakeServer.start(CioFakeOptions.builder().allowedHost("cio-fake").webhookHost("hooks.internal")
        .build());
    http = new FakeHttp(server);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private static int people() {
    return http.admin("GET", "/__cio/workspaces/cio-fake-site/people", null).json().path("count").asInt();
  }

  @Test
  void aCrossOriginSimplePostCannotResetTheFake() {
    http.track("PUT", "/api/v1/customers/1", "{\"email\":\"a@example.com\"}");
    FakeHttp.Response r = http.raw("POST", "/__cio/reset", "{}".getBytes(StandardCharsets.UTF_8),
        Map.of("Origin", "http://evil.example", "Content-Type", "text/plain"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().path("error").asText()).contains("cross-origin");
    assertThat(people()).isEqualTo(1);
  }

  @Test
  void aCrossOriginJsonPostCannotInstallChaos() {
    FakeHttp.Response r = http.send("POST", "/__cio/chaos",
        "{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"outage\"}}", Map.of("Origin", "http://evil.example"));
    assertThat(r.status()).isEqualTo(403);
    FakeHttp.Response fetchMetadata = http.send("POST", "/__cio/chaos",
        "{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"outage\"}}", Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(fetchMetadata.status()).isEqualTo(403);
    FakeHttp.Response nullOrigin = http.send("DELETE", "/__cio/workspaces/x", null, Map.of("Origin", "null"));
    assertThat(nullOrigin.status()).isEqualTo(403);
    assertThat(http.admin("GET", "/__cio/chaos", null).json().path("rules")).isEmpty();
  }

  @Test
  void theFakesOwnOriginAndNonBrowserClientsMayWrite() {
    String own = server.baseUrl();
    assertThat(http.send("POST", "/__cio/reset", "{}", Map.of("Origin", own, "Sec-Fetch-Site", "same-origin"))
        .status()).isEqualTo(200);
    assertThat(http.admin("POST", "/__cio/reset", null).status()).isEqualTo(200); // curl: no Origin, no body
  }

  @Test
  void aWriteThatIsNotJsonIs415() {
    FakeHttp.Response r = http.raw("POST", "/__cio/reset", "site_id=x".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(r.status()).isEqualTo(415);
  }

  @Test
  void aHostNameThatIsNotTheFakesIsRefused() {
    for (String host : new String[] {"evil.example", "rebind.attacker.test:" + server.port()}) {
      try (RawSocket s = new RawSocket(server.port(), 3000)) {
        RawSocket.Response r = s.send("GET /__cio/requests HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read();
        assertThat(r.status()).as(host).isEqualTo(403);
        assertThat(r.body()).contains("host");
      }
    }
    for (String host : new String[] {"127.0.0.1:" + server.port(), "localhost:" + server.port(), "[::1]",
        "cio-fake:8091", "api.localhost"}) {
      try (RawSocket s = new RawSocket(server.port(), 3000)) {
        RawSocket.Response r = s.send("GET /__cio/requests HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read();
        assertThat(r.status()).as(host).isEqualTo(200);
      }
    }
  }

  @Test
  void webhookTargetsAreWhatATestNeeds() {
    for (String refused : new String[] {"http://169.254.169.254/latest/meta-data", "http://example.com/hook",
        "http://user:pw@127.0.0.1:9/x", "http://10.0.0.5/x"}) {
      FakeHttp.Response r = http.admin("POST", "/__cio/workspaces/cio-fake-site/webhooks",
          "{\"url\":\"" + refused + "\"}");
      assertThat(r.status()).as(refused).isIn(400, 403);
    }
    for (String allowed : new String[] {"http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/h",
        "https://hooks.internal/cio"}) {
      FakeHttp.Response r = http.admin("POST", "/__cio/workspaces/cio-fake-site/webhooks",
          "{\"url\":\"" + allowed + "\"}");
      assertThat(r.status()).as(allowed).isEqualTo(201);
    }
    http.admin("DELETE", "/__cio/workspaces/cio-fake-site/webhooks", null);
  }

  /** With a token, every admin request but the health check needs it; the handle sends it. */
  @Nested
  class WithAToken {
    private static final String TOKEN = "admin-token-for-tests";

    @Test
    void theTokenIsRequiredAndHonoured() {
      try (CioFakeServer guarded = CioFakeServer.start(CioFakeOptions.builder().adminToken(TOKEN).build())) {
        FakeHttp g = new FakeHttp(guarded);
        FakeHttp.Response without = g.admin("GET", "/__cio/pitfalls", null);
        assertThat(without.status()).isEqualTo(401);
        assertThat(without.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(without.body()).doesNotContain(TOKEN);
        assertThat(g.send("POST", "/__cio/reset", "{}", Map.of("Authorization", "Bearer wrong")).status())
            .isEqualTo(401);
        assertThat(g.send("GET", "/__cio/pitfalls", null, Map.of("Authorization", "Bearer " + TOKEN)).status())
            .isEqualTo(200);
        String browser = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + TOKEN)
            .getBytes(StandardCharsets.UTF_8));
        assertThat(g.send("GET", "/__cio/report?format=html", null, Map.of("Authorization", browser)).status())
            .isEqualTo(200);
        assertThat(g.admin("GET", "/__cio/health", null).status()).isEqualTo(200);

        CioFake handle = guarded.fake();
        assertThat(handle.adminToken()).isEqualTo(TOKEN);
        assertThat(handle.pitfalls()).isEmpty();
        assertThatThrownBy(() -> new CioFake(guarded.baseUrl(), guarded.fake().credentials(), "not-it").pitfalls())
            .isInstanceOfSatisfying(CioFakeException.class, e -> assertThat(e.status()).isEqualTo(401))
            .hasMessageContaining("needs its token");
        assertThat(g.admin("GET", "/__cio/requests", null).body()).doesNotContain(TOKEN);
      }
    }
  }
}
