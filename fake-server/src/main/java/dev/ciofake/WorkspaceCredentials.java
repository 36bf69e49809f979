package dev.ciofake;

import dev.ciofake.internal.util.Secrets;
import java.util.Objects;

/**
 * The identity of one fake workspace: its site id and its three keys.
 *
 * <p>The Track API authenticates with HTTP Basic {@code siteId:trackApiKey}; the App API with
 * {@code Authorization: Bearer appApiKey}; the Data Pipelines API with HTTP Basic {@code pipelinesApiKey:} (the key
 * of the workspace's source as the user name, an empty password). {@link #toString()} masks every key.
 *
 * @param siteId the Track API site id
 * @param trackApiKey the Track API key (HTTP Basic password)
 * @param appApiKey the App API key (Bearer token)
 * @param pipelinesApiKey the Data Pipelines source key (HTTP Basic user name, empty password)
 */
public record WorkspaceCredentials(String siteId, String trackApiKey, String appApiKey, String pipelinesApiKey) {

  /** The default workspace every fake starts with. */
  public static final WorkspaceCredentials DEFAULT = new WorkspaceCredentials("cio-fake-site", "cio-fake-track-key",
      "cio-fake-app-key", "cio-fake-pipelines-key");

  /** Checks that no part is blank and that the keys differ (a fake could not tell them apart otherwise). */
  public WorkspaceCredentials {
    requireText(siteId, "siteId");
    requireText(trackApiKey, "trackApiKey");
    requireText(appApiKey, "appApiKey");
    requireText(pipelinesApiKey, "pipelinesApiKey");
    if (siteId.contains(":")) {
      throw new IllegalArgumentException("siteId must not contain ':' (it is the HTTP Basic user name)");
    }
    if (pipelinesApiKey.contains(":")) {
      throw new IllegalArgumentException("pipelinesApiKey must not contain ':' (it is the HTTP Basic user name)");
    }
    if (trackApiKey.equals(appApiKey)) {
      throw new IllegalArgumentException("trackApiKey and appApiKey must differ");
    }
    if (pipelinesApiKey.equals(trackApiKey) || pipelinesApiKey.equals(appApiKey) || pipelinesApiKey.equals(siteId)) {
      throw new IllegalArgumentException("pipelinesApiKey must differ from the site id and the other keys");
    }
  }

  /**
   * A workspace whose Pipelines key is {@link #defaultPipelinesKey(String) derived} from its site id:
   * {@code <siteId>-pipelines-key} ({@code cio-fake-pipelines-key} for {@code cio-fake-site}).
   */
  public WorkspaceCredentials(String siteId, String trackApiKey, String appApiKey) {
    this(siteId, trackApiKey, appApiKey, defaultPipelinesKey(siteId));
  }

  /**
   * The Pipelines key of a workspace given without one: {@code <siteId>-pipelines-key}, and the default workspace's
   * {@code cio-fake-pipelines-key} for its site id {@code cio-fake-site}.
   */
  public static String defaultPipelinesKey(String siteId) {
    return siteId == null ? null : siteId.equals("cio-fake-site") ? "cio-fake-pipelines-key"
        : siteId + "-pipelines-key";
  }

  /**
   * Parses the CLI form {@code site:trackKey:appKey}, or {@code site:trackKey:appKey:pipelinesKey}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static WorkspaceCredentials parse(String spec) {
    String[] parts = Objects.requireNonNull(spec, "spec").split(":", -1);
    if (parts.length != 3 && parts.length != 4) {
      throw new IllegalArgumentException("workspace must be written site:trackKey:appKey[:pipelinesKey], got "
          + parts.length + " part(s)");
    }
    return parts.length == 3 ? new WorkspaceCredentials(parts[0].trim(), parts[1].trim(), parts[2].trim())
        : new WorkspaceCredentials(parts[0].trim(), parts[1].trim(), parts[2].trim(), parts[3].trim());
  }

  /** The CLI form with all four parts: {@code site:trackKey:appKey:pipelinesKey} (keys in clear: never print it). */
  public String toSpec() {
    return siteId + ":" + trackApiKey + ":" + appApiKey + ":" + pipelinesApiKey;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** Masks the keys: only the site id is shown in full. */
  @Override
  public String toString() {
    return "WorkspaceCredentials[siteId=" + siteId + ", trackApiKey=" + Secrets.mask(trackApiKey)
        + ", appApiKey=" + Secrets.mask(appApiKey) + ", pipelinesApiKey=" + Secrets.mask(pipelinesApiKey) + "]";
  }
}
