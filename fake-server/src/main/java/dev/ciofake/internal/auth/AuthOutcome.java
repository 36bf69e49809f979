package dev.ciofake.internal.auth;

/**
 * What authentication concluded about a request.
 *
 * @param status the verdict
 * @param claimedSiteId the site id the request named (Basic user name), even when it is unknown
 * @param scheme the Authorization scheme sent ({@code Basic}, {@code Bearer}, or {@code null})
 * @param keyUsed which kind of key the request carried, as far as the fake can tell
 * @param detail a message for the 401 body and the journal; never contains a key
 */
public record AuthOutcome(Status status, String claimedSiteId, String scheme, KeyKind keyUsed, String detail) {

  /** Verdicts. */
  public enum Status {
    /** Valid credentials for a workspace. */
    OK,
    /** The endpoint needs no credentials. */
    NOT_REQUIRED,
    /** No Authorization header. */
    MISSING,
    /** An Authorization header that cannot be read. */
    MALFORMED,
    /** A real key of the wrong kind: App key on Track, Track key on App, either on Pipelines, a Pipelines key on either. */
    WRONG_KEY_TYPE,
    /** Unknown site id or wrong key. */
    INVALID
  }

  /** The kinds of key a request can carry. */
  public enum KeyKind {
    TRACK_API_KEY("Track API key"),
    APP_API_KEY("App API key"),
    PIPELINES_API_KEY("Pipelines API key"),
    UNKNOWN("unknown key"),
    NONE("no key");

    private final String label;

    KeyKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public boolean ok() {
    return status == Status.OK || status == Status.NOT_REQUIRED;
  }
}
