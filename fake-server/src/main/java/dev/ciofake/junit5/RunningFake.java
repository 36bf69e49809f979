package dev.ciofake.junit5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.internal.admin.AdminClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started server; stopping it (and restoring the system properties) is left to JUnit's store. JUnit 5.13+ closes
 * it as an AutoCloseable (once); older versions through CloseableResource, which 5.13+ logs a warning for alone.
 */
@SuppressWarnings("deprecation")
final class RunningFake implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  final FakeBackend backend;
  /** The in-process server, or {@code null} in container mode. */
  final CioFakeServer server;
  /** The handle of the default workspace, the class's. */
  final CioFake classFake;
  final CustomerIoFakeExtension.Settings settings;
  final Map<String, String> previousProperties = new LinkedHashMap<>();
  private volatile WorkspaceSettings initialSettings;
  private volatile List<String> initialWorkspaceChaos;
  private volatile Set<String> initialServerChaos;

  RunningFake(FakeBackend backend, CustomerIoFakeExtension.Settings settings) {
    this.backend = backend;
    this.server = backend.server();
    this.classFake = backend.fake();
    this.settings = settings;
    if (settings.systemProperties()) {
      CioFake f = backend.fake();
      set("cio.track.url", f.trackUrl());
      set("cio.app.url", f.appUrl());
      set("cio.site-id", f.siteId());
      set("cio.track-api-key", f.trackApiKey());
      set("cio.app-api-key", f.appApiKey());
    set("cio.pipelines.url", f.pipelinesUrl());
    set("cio.pipelines-api-key", f.pipelinesApiKey());
    }
  }

  private void set(String key, String value) {
    previousProperties.put(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  /**
   * Puts back the settings the workspace had when its first test began, so a test that changes them (rate limits
   * off for a burst, say) does not change the next one; reset() alone keeps settings.
   */
  void restoreSettings(CioFake fake) {
    if (initialSettings == null) {
      initialSettings = fake.settings();
    } else {
      fake.settings(initialSettings);
    }
  }

  /**
   * Before the first test's reset: the workspace's own chaos rules in force then (from {@code @BeforeAll}, say),
   * which every test gets again, and the ids of the server-wide ones, which stay.
   */
  void captureInitialChaos(CioFake fake) {
    if (initialWorkspaceChaos != null) {
      return;
    }
    List<String> mine = new ArrayList<>();
    Set<String> serverWide = new LinkedHashSet<>();
    chaosRules(fake).forEach(r -> {
      if (r.path("match").path("site_id").isNull() || r.path("match").path("site_id").isMissingNode()) {
        serverWide.add(r.path("id").asText());
      } else {
        mine.add(r.path("spec").toString());
      }
    });
    initialWorkspaceChaos = List.copyOf(mine);
    initialServerChaos = Set.copyOf(serverWide);
  }

  /**
   * After a reset (which removed the workspace's own rules): the rules of the first test's start are installed
   * again, and server-wide rules a previous test added are removed; so no test sees another's chaos.
   */
  void restoreChaos(CioFake fake) {
    AdminClient admin = new AdminClient(fake.adminUrl(), fake.adminToken());
    chaosRules(fake).forEach(r -> {
      boolean serverWide = r.path("match").path("site_id").isNull() || r.path("match").path("site_id").isMissingNode();
      if (serverWide && !initialServerChaos.contains(r.path("id").asText())) {
        admin.send("DELETE", "/chaos/" + AdminClient.enc(r.path("id").asText()), null);
      }
    });
    for (String spec : initialWorkspaceChaos) {
      admin.send("POST", "/chaos", spec);
    }
  }

  private static List<JsonNode> chaosRules(CioFake fake) {
    List<JsonNode> out = new ArrayList<>();
    new AdminClient(fake.adminUrl(), fake.adminToken()).get("/chaos?site_id=" + AdminClient.enc(fake.siteId()))
        .path("rules")
        .forEach(out::add);
    return out;
  }

  @Override
  public void close() {
    try {
      backend.stop();
    } finally {
      previousProperties.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }
}
