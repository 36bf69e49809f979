package dev.ciofake.testing;

import dev.ciofake.Chaos;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.Region;
import dev.ciofake.WorkspaceCredentials;
import java.time.Duration;
import java.time.Instant;

/** Options for the tests of the configuration's round trips (CLI, environment, container). */
public final class OptionFixtures {
  private OptionFixtures() {}

  /** Options with every travelling setting away from its default. */
  public static CioFakeOptions everythingChanged() {
    return CioFakeOptions.builder()
        .workspace(new WorkspaceCredentials("shop", "shop-track-key", "shop-app-key"))
        .workspace(new WorkspaceCredentials("blog", "blog-track-key", "blog-app-key", "blog-source-key"))
        .lenientTimestamps(true)
        .emailIdentifiers(false)
        .workspaceDefaults(CioFakeOptions.builder().build().workspaceDefaults().toBuilder()
            .lenientTimestamps(true).emailIdentifiers(false).allowEmailUpdatesById(false).expectEmail(false)
            .region(Region.EU).rateLimit(RateClass.TRACK, RateLimit.parse("5/s"))
            .rateLimit(RateClass.BROADCAST, RateLimit.parse("2/10s"))
            .rateLimit(RateClass.PIPELINES, RateLimit.parse("30/3s")).deliveryProblemGrace(Duration.ofMillis(1500))
            .build())
        .maxJournalEntries(123).maxEventsPerWorkspace(234).maxPeoplePerWorkspace(345).maxPitfallsPerWorkspace(456)
        .maxBodyBytes(567_000).journalBodyBytes(678).dynamicEventNameThreshold(7)
        .chaos(Chaos.rules().error(503).onTrack().forRequests(2))
        .chaos(Chaos.rules().latency(Duration.ofMillis(20)).onApp().seed(9))
        .chaos(Chaos.rules().error(500).onPipelines().forRequests(1))
        .chaosSeed(42)
        .webhook("http://example.test/hooks", "hook-secret")
        .webhookRetryScale(0.01).webhookMaxAttempts(3)
        .httpsPort(0)
        .clock(FakeClock.frozenAt(Instant.parse("2026-05-01T10:00:00Z")))
        .adminToken("admin-token-for-tests").allowedHost("cio-fake").allowedHost("fake.internal")
        .webhookHost("app").bodyReadTimeout(Duration.ofSeconds(4)).minBodyDataRate(2048)
        .workspaceFile("segments:\n  - {id: 3, name: Pro, type: dynamic, filter: {attribute: {field: plan, operator: eq,"
            + " value: pro}}}\nesp_suppressions:\n  bounces: [gone@example.com]\n")
        .exportDuration(Duration.ofMillis(250))
        .build();
  }
}
