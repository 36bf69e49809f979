package dev.ciofake.internal.auth;

import dev.ciofake.internal.auth.AuthOutcome.KeyKind;
import dev.ciofake.internal.auth.AuthOutcome.Status;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.util.Redaction;

/**
 * Resolves the workspace of a request from its credentials: HTTP Basic {@code site_id:track_api_key} on the
 * Track API (standard or URL-safe base64, since the Go client sends the latter), Bearer App API key on the
 * App API. It tells a wrong key from a key of the wrong kind, so the {@code wrong-api-key} pitfall can say
 * which key was used where, without ever showing the key.
 */
public final class Authenticator {
  private final WorkspaceRegistry registry;

  public Authenticator(WorkspaceRegistry registry) {
    this.registry = registry;
  }

  /** The outcome plus the resolved workspace (null unless the outcome is OK). */
  public record Result(AuthOutcome outcome, Workspace workspace) {}

  public Result authenticate(Api api, ApiRequest request) {
    String header = request.header("Authorization");
    if (api == Api.APP) {
      return app(header);
    }
    return track(header);
  }

  /** Track: Basic site_id:track_key. */
  private Result track(String header) {
    if (header == null || header.isBlank()) {
      return fail(Status.MISSING, null, null, KeyKind.NONE,
          "Unauthorized request: send HTTP Basic auth with your site id and Track API key.");
    }
    String scheme = scheme(header);
    String credentials = header.substring(scheme.length()).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      Workspace owner = registry.byAppKey(credentials);
      if (owner != null) {
        return fail(Status.WRONG_KEY_TYPE, owner.siteId(), "Bearer", KeyKind.APP_API_KEY,
            "Unauthorized request: the Track API takes HTTP Basic site_id:track_api_key; this request sent an App API key as a Bearer token.");
      }
      return fail(Status.INVALID, null, "Bearer", KeyKind.UNKNOWN,
          "Unauthorized request: the Track API takes HTTP Basic site_id:track_api_key, not a Bearer token.");
    }
    if (!scheme.equalsIgnoreCase("Basic")) {
      return fail(Status.MALFORMED, null, Redaction.schemeName(scheme), KeyKind.UNKNOWN,
          "Unauthorized request: " + schemeProblem(header, scheme) + "; use HTTP Basic.");
    }
    String decoded = BasicCredentials.decode(credentials);
    if (decoded == null || decoded.indexOf(':') < 0) {
      return fail(Status.MALFORMED, null, "Basic", KeyKind.UNKNOWN,
          "Unauthorized request: the Basic credentials are not base64 of site_id:track_api_key.");
    }
    int colon = decoded.indexOf(':');
    String site = decoded.substring(0, colon);
    String key = decoded.substring(colon + 1);
    Workspace ws = registry.get(site);
    Workspace keyOwner = ws != null ? null : registry.byTrackKey(site) != null ? registry.byTrackKey(site)
        : registry.byAppKey(site);
    if (keyOwner != null) {
      // the user name is a key: never repeat it (nor the password, which may be the site id it was swapped with)
      boolean trackKey = registry.byTrackKey(site) != null;
      return fail(Status.INVALID, keyOwner.siteId(), "Basic", trackKey ? KeyKind.TRACK_API_KEY : KeyKind.APP_API_KEY,
          "Unauthorized request: the Basic user name is " + (trackKey ? "a Track API key" : "an App API key")
              + ", not a site id" + (keyOwner.siteId().equals(key) ? " (the site id and the key are swapped)" : "")
              + ": HTTP Basic takes site_id:track_api_key.");
    }
    if (ws != null && ws.credentials().trackApiKey().equals(key)) {
      return new Result(new AuthOutcome(Status.OK, site, "Basic", KeyKind.TRACK_API_KEY, null), ws);
    }
    Workspace appOwner = registry.byAppKey(key);
    if (appOwner != null) {
      return fail(Status.WRONG_KEY_TYPE, ws != null ? site : appOwner.siteId(), "Basic", KeyKind.APP_API_KEY,
          "Unauthorized request: the password is an App API key; the Track API needs the workspace's Track API key.");
    }
    if (ws == null) {
      // a user name that is no key the fake knows is shown: it is what a client needs to find its typo
      return fail(Status.INVALID, site, "Basic", KeyKind.UNKNOWN,
          "Unauthorized request: unknown site id '" + site + "'.");
    }
    return fail(Status.INVALID, site, "Basic", registry.byTrackKey(key) != null ? KeyKind.TRACK_API_KEY
        : KeyKind.UNKNOWN, "Unauthorized request: wrong Track API key for site id '" + site + "'.");
  }

  /** App: Bearer app_key. */
  private Result app(String header) {
    if (header == null || header.isBlank()) {
      return fail(Status.MISSING, null, null, KeyKind.NONE,
          "unauthorized: send Authorization: Bearer <App API key>");
    }
    String scheme = scheme(header);
    String credentials = header.substring(scheme.length()).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      Workspace ws = registry.byAppKey(credentials);
      if (ws != null) {
        return new Result(new AuthOutcome(Status.OK, ws.siteId(), "Bearer", KeyKind.APP_API_KEY, null), ws);
      }
      Workspace trackOwner = registry.byTrackKey(credentials);
      if (trackOwner != null) {
        return fail(Status.WRONG_KEY_TYPE, trackOwner.siteId(), "Bearer", KeyKind.TRACK_API_KEY,
            "unauthorized: the Bearer token is a Track API key; the App API needs an App API key");
      }
      return fail(Status.INVALID, null, "Bearer", KeyKind.UNKNOWN, "unauthorized");
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      String decoded = BasicCredentials.decode(credentials);
      if (decoded != null && decoded.indexOf(':') >= 0) {
        String site = decoded.substring(0, decoded.indexOf(':'));
        String key = decoded.substring(decoded.indexOf(':') + 1);
        Workspace ws = registry.get(site);
        KeyKind kind = registry.byTrackKey(key) != null ? KeyKind.TRACK_API_KEY
            : registry.byAppKey(key) != null ? KeyKind.APP_API_KEY : KeyKind.UNKNOWN;
        if (kind != KeyKind.UNKNOWN) {
          return fail(Status.WRONG_KEY_TYPE, ws != null ? site : null, "Basic", kind,
              "unauthorized: the App API takes Authorization: Bearer <App API key>, not HTTP Basic Track credentials");
        }
      }
      return fail(Status.INVALID, null, "Basic", KeyKind.UNKNOWN,
          "unauthorized: the App API takes Authorization: Bearer <App API key>");
    }
    return fail(Status.MALFORMED, null, Redaction.schemeName(scheme), KeyKind.UNKNOWN,
        "unauthorized: " + schemeProblem(header, scheme) + "; send Authorization: Bearer <App API key>");
  }

  private static Result fail(Status status, String site, String scheme, KeyKind kind, String detail) {
    return new Result(new AuthOutcome(status, site, scheme, kind, detail), null);
  }

  /** What is wrong with the scheme, without repeating a value that may be a key (a bare key has no scheme). */
  private static String schemeProblem(String header, String scheme) {
    if (header.trim().indexOf(' ') < 0) {
      return "the Authorization header has no scheme (it is " + Redaction.describe(header.trim()) + ")";
    }
    String named = Redaction.schemeName(scheme);
    return named != null ? "unsupported Authorization scheme '" + named + "'"
        : "unsupported Authorization scheme (" + Redaction.describe(scheme) + ")";
  }

  private static String scheme(String header) {
    String h = header.trim();
    int sp = h.indexOf(' ');
    return sp < 0 ? h : h.substring(0, sp);
  }

}
