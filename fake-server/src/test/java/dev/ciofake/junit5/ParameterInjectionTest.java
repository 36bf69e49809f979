package dev.ciofake.junit5;

import dev.ciofake.Region;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@link CioFake} and {@link CioFakeServer} injected into the constructor, {@code @BeforeAll}, {@code @BeforeEach},
 * {@code @AfterEach} and test methods of a {@link CustomerIoFake} class, all on the same workspace, reset between
 * tests.
 */
@CustomerIoFake
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fakes set the cio.* properties
class ParameterInjectionTest {
  private static CioFake beforeAllFake;
  private static CioFakeServer beforeAllServer;
  private final CioFake constructorFake;
  private CioFake beforeEachFake;

  ParameterInjectionTest(CioFake cio) {
    this.constructorFake = cio;
  }

  @BeforeAll
  static void beforeAll(CioFake cio, CioFakeServer server) {
    assertThat(server.isRunning()).isTrue();
    beforeAllFake = cio;
    beforeAllServer = server;
  }

  @BeforeEach
  void beforeEach(CioFake cio) {
    beforeEachFake = cio;
    assertThat(cio.people()).as("a clean workspace before each test").isEmpty();
  }

  @AfterEach
  void afterEach(CioFake cio, CioFakeServer server) {
    assertThat(cio.siteId()).isEqualTo(beforeEachFake.siteId());
    assertThat(server).isSameAs(beforeAllServer);
  }

  @Test
  @Order(1)
  void everyInjectionPointSeesTheSameWorkspace(CioFake cio, CioFakeServer server) {
    assertThat(server).isSameAs(beforeAllServer);
    assertThat(cio.baseUrl()).isEqualTo(server.baseUrl());
    for (CioFake other : new CioFake[] {constructorFake, beforeAllFake, beforeEachFake}) {
      assertThat(other.baseUrl()).isEqualTo(cio.baseUrl());
      assertThat(other.credentials()).isEqualTo(cio.credentials());
    }
    Calls.to(cio).identify("42", "ada@example.com");
    assertThat(beforeAllFake.person("42")).as("handles on one workspace see one state").isPresent();
  }

  @Test
  @Order(2)
  void theNextTestStartsClean(CioFake cio) {
    assertThat(cio.people()).isEmpty();
    assertThat(cio.events()).isEmpty();
    assertThat(cio.pitfalls()).isEmpty();
  }

  @Test
  @Order(3)
  void theHandleHasTheUrlsAndCredentialsOfTheFake(CioFake cio, CioFakeServer server) {
    String base = "http://127.0.0.1:" + server.port();
    assertThat(cio.baseUrl()).isEqualTo(base);
    assertThat(cio.trackUrl()).isEqualTo(base + "/api/v1");
    assertThat(cio.appUrl()).isEqualTo(base + "/v1");
    assertThat(cio.adminUrl()).isEqualTo(base + "/__cio");
    assertThat(cio.credentials()).isEqualTo(WorkspaceCredentials.DEFAULT);
    assertThat(cio.siteId()).isEqualTo("cio-fake-site");
    assertThat(cio.trackApiKey()).isEqualTo("cio-fake-track-key");
    assertThat(cio.appApiKey()).isEqualTo("cio-fake-app-key");
    assertThat(cio.toString()).doesNotContain("cio-fake-track-key").doesNotContain("cio-fake-app-key");
  }

  @Test
  @Order(4)
  void systemPropertiesPointAtTheFakeWhileItRuns(CioFake cio) {
    assertThat(System.getProperty("cio.track.url")).isEqualTo(cio.trackUrl());
    assertThat(System.getProperty("cio.app.url")).isEqualTo(cio.appUrl());
    assertThat(System.getProperty("cio.site-id")).isEqualTo(cio.siteId());
    assertThat(System.getProperty("cio.track-api-key")).isEqualTo(cio.trackApiKey());
    assertThat(System.getProperty("cio.app-api-key")).isEqualTo(cio.appApiKey());
  }

  @Test
  @Order(5)
  void settingsAndChaosChangedByOneTest(CioFake cio) {
    cio.settings(cio.settings().toBuilder().lenientTimestamps(true).region(Region.EU).build());
    cio.chaos().error(503).onTrack().apply();
    assertThat(Calls.to(cio).http().track("GET", "/api/v1/accounts/region", null).status()).isEqualTo(503);
    assertThat(Calls.to(cio).settings().get("region").asText()).isEqualTo("eu");
  }

  @Test
  @Order(6)
  void areBackToWhatTheClassStartedWithInTheNext(CioFake cio) {
    assertThat(cio.chaos().installed()).isEmpty();
    assertThat(Calls.to(cio).region()).isEqualTo("us");
    assertThat(Calls.to(cio).settings().get("lenient_timestamps").asBoolean()).isFalse();
  }
}
