package dev.ciofake.internal.state;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.util.SecretScrubber;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All workspaces of one fake server, indexed by site id and by each key. Workspaces can be added while the
 * server runs (admin API, parallel JUnit tests); lookups are lock-free.
 */
public final class WorkspaceRegistry {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The most workspaces one fake holds (a parallel test suite makes one per test). */
  public static final int MAX_WORKSPACES = 10_000;

  private final CioFakeOptions options;
  private final Map<String, Workspace> bySite = new ConcurrentHashMap<>();
  private final Map<String, Workspace> byTrackKey = new ConcurrentHashMap<>();
  private final Map<String, Workspace> byAppKey = new ConcurrentHashMap<>();
  private final Map<String, Workspace> byPipelinesKey = new ConcurrentHashMap<>();
  private final AtomicInteger environmentIds = new AtomicInteger(100_000);
  private final PitfallLog unattributed;
  private final Workspace defaultWorkspace;
  /** The scrubber of every key the fake knows, rebuilt when a workspace comes or goes. */
  private volatile SecretScrubber scrubber;

  /** The fake's clock: a seeded workspace's ESP suppressions are dated by it. */
  private final dev.ciofake.FakeClock clock;
  /** The workspace file every workspace starts with, parsed once, or {@code null}. */
  private final com.fasterxml.jackson.databind.JsonNode seed;

  public WorkspaceRegistry(CioFakeOptions options) {
    this(options, options.clock() != null ? options.clock() : dev.ciofake.FakeClock.system());
  }

  public WorkspaceRegistry(CioFakeOptions options, dev.ciofake.FakeClock clock) {
    this.options = options;
    this.clock = clock;
    try {
      this.seed = options.workspaceFile() == null ? null
          : dev.ciofake.internal.util.Json.MAPPER.readTree(options.workspaceFile());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the options' workspace file is not JSON", e);
    }
    this.unattributed = new PitfallLog(options.maxPitfallsPerWorkspace());
    Workspace first = null;
    for (WorkspaceCredentials c : options.workspaces()) {
      Workspace w = create(c);
      if (first == null) {
        first = w;
      }
    }
    this.defaultWorkspace = first;
  }

  /**
   * Adds a workspace.
   *
   * @throws IllegalArgumentException when the site id or a key is already used by another workspace
   */
  public synchronized Workspace create(WorkspaceCredentials c) {
    if (bySite.size() >= MAX_WORKSPACES) {
      throw new IllegalArgumentException("the fake holds at most " + MAX_WORKSPACES + " workspaces; delete some "
          + "(DELETE /__cio/workspaces/{site_id}) first");
    }
    if (bySite.containsKey(c.siteId())) {
      throw new IllegalArgumentException("a workspace with site id " + c.siteId() + " already exists");
    }
    if (isKeyInUse(c.trackApiKey()) || isKeyInUse(c.appApiKey()) || isKeyInUse(c.pipelinesApiKey())
        || bySite.containsKey(c.pipelinesApiKey()) || byPipelinesKey.containsKey(c.siteId())) {
      throw new IllegalArgumentException("an API key of workspace " + c.siteId() + " is already in use");
    }
    Workspace w = new Workspace(c, options.workspaceDefaults(), options, environmentIds.incrementAndGet());
    if (seed != null) {
      w.seed(seed, clock.epochSecond());
    }
    bySite.put(c.siteId(), w);
    byTrackKey.put(c.trackApiKey(), w);
    byAppKey.put(c.appApiKey(), w);
    byPipelinesKey.put(c.pipelinesApiKey(), w);
    scrubber = null;
    return w;
  }

  private boolean isKeyInUse(String key) {
    return byTrackKey.containsKey(key) || byAppKey.containsKey(key) || byPipelinesKey.containsKey(key);
  }

  /** Creates a workspace with generated credentials; {@code siteId} may be null to generate it too. */
  public Workspace createGenerated(String siteId) {
    String suffix = randomHex(6);
    String site = siteId == null || siteId.isBlank() ? "site-" + suffix : siteId;
    return create(new WorkspaceCredentials(site, "track-" + randomHex(16), "app-" + randomHex(16),
        "cdp-" + randomHex(16)));
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  /** Removes a workspace (not the default one). Returns whether it existed. */
  public synchronized boolean remove(String siteId) {
    Workspace w = bySite.get(siteId);
    if (w == null || w == defaultWorkspace) {
      return false;
    }
    bySite.remove(siteId);
    byTrackKey.remove(w.credentials().trackApiKey());
    byAppKey.remove(w.credentials().appApiKey());
    byPipelinesKey.remove(w.credentials().pipelinesApiKey());
    scrubber = null;
    return true;
  }

  public Workspace get(String siteId) {
    return siteId == null ? null : bySite.get(siteId);
  }

  public Workspace byTrackKey(String key) {
    return key == null ? null : byTrackKey.get(key);
  }

  public Workspace byAppKey(String key) {
    return key == null ? null : byAppKey.get(key);
  }

  /** The workspace whose Data Pipelines source key this is, or {@code null}. */
  public Workspace byPipelinesKey(String key) {
    return key == null ? null : byPipelinesKey.get(key);
  }

  /** The first configured workspace; it takes the requests of open endpoints that name no workspace. */
  public Workspace defaultWorkspace() {
    return defaultWorkspace;
  }

  public List<Workspace> all() {
    List<Workspace> out = new ArrayList<>(bySite.values());
    out.sort((a, b) -> Integer.compare(a.environmentId(), b.environmentId()));
    return out;
  }

  /**
   * Masks every key the fake knows (each workspace's Track, App and Pipelines keys, the admin token, the configured webhook
   * secret) wherever it appears in a document about to be shown: admin API responses, reports, report files.
   */
  public SecretScrubber secrets() {
    SecretScrubber s = scrubber;
    if (s == null) {
      List<String> known = new ArrayList<>();
      for (WorkspaceCredentials c : credentialsOfAll()) {
        known.add(c.trackApiKey());
        known.add(c.appApiKey());
        known.add(c.pipelinesApiKey());
      }
      known.add(options.adminToken());
      if (options.webhookUrl() != null && !CioFakeOptions.DEFAULT_WEBHOOK_SECRET.equals(options.webhookSecret())) {
        known.add(options.webhookSecret());
      }
      s = SecretScrubber.of(known);
      scrubber = s;
    }
    return s;
  }

  private List<WorkspaceCredentials> credentialsOfAll() {
    List<WorkspaceCredentials> out = new ArrayList<>();
    bySite.values().forEach(w -> out.add(w.credentials()));
    return out;
  }

  /** Pitfalls that no workspace could be resolved for (for example a 401 with an unknown site id). */
  public PitfallLog unattributedPitfalls() {
    return unattributed;
  }

  /**
   * Resets every workspace's state and the unattributed pitfalls; a workspace file loaded for one workspace alone
   * gives way to the fake's own again.
   */
  public void resetAll() {
    long now = clock.epochSecond();
    bySite.values().forEach(w -> {
      w.restoreSeed(seed, now);
      w.reset();
    });
    unattributed.clear();
  }
}
