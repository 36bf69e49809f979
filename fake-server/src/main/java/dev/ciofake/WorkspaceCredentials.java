package dev.ciofake;

import dev.ciofake.internal.util.Secrets;
import java.util.Objects;

/**
 * The identity of one fake workspace: its site id and its two keys.
 *
 * <p>The Track API authenticates with HTTP Basic {@code siteId:trackApiKey}; the App API with
 * {@code Authorization: Bearer appApiKey}. {@link #toString()} masks both keys.
 *
 * @param siteId the Track API site id
 * @param trackApiKey the Track API key (HTTP Basic password)
 * @param appApiKey the App API key (Bearer token)
 */
public record WorkspaceCredentials(String siteId, String trackApiKey, String appApiKey) {

  /** The default workspace every fake starts with. */
  public static final WorkspaceCredentials DEFAULT =
      new WorkspaceCredentials("cio-fake-site", "cio-fake-track-key", "cio-fake-app-key");

  /** Checks that no part is blank and that the keys differ (a fake could not tell them apart otherwise). */
  public WorkspaceCredentials {
    requireText(siteId, "siteId");
    requireText(trackApiKey, "trackApiKey");
    requireText(appApiKey, "appApiKey");
    if (siteId.contains(":")) {
      throw new IllegalArgumentException("siteId must not contain ':' (it is the HTTP Basic user name)");
    }
    if (trackApiKey.equals(appApiKey)) {
      throw new IllegalArgumentException("trackApiKey and appApiKey must differ");
    }
  }

  /**
   * Parses the CLI form {@code site:trackKey:appKey}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static WorkspaceCredentials parse(String spec) {
    String[] parts = Objects.requireNonNull(spec, "spec").split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "workspace must be written site:trackKey:appKey, got " + parts.length + " part(s)");
    }
    return new WorkspaceCredentials(parts[0].trim(), parts[1].trim(), parts[2].trim());
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
        + ", appApiKey=" + Secrets.mask(appApiKey) + "]";
  }
}
