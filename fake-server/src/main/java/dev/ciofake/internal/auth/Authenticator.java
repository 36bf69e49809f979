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
 * App API, HTTP Basic {@code pipelines_api_key:} (the source key as the user name, an empty password) on the Data
 * Pipelines API. It tells a wrong key from a key of the wrong kind, so the {@code wrong-api-key} pitfall can say
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
    if (api == Api.PIPELINES) {
      return pipelines(header);
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
      Workspace cdp = registry.byPipelinesKey(credentials);
      if (cdp != null) {
        return fail(Status.WRONG_KEY_TYPE, cdp.siteId(), "Bearer", KeyKind.PIPELINES_API_KEY,
            "Unauthorized request: the Track API takes HTTP Basic site_id:track_api_key; this request sent a Pipelines API key as a Bearer token.");
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
    Workspace cdpOwner = ws != null ? null : registry.byPipelinesKey(site);
    if (cdpOwner != null) {
      // the Pipelines API's own credentials (key as the user name) sent to the Track API
      return fail(Status.WRONG_KEY_TYPE, cdpOwner.siteId(), "Basic", KeyKind.PIPELINES_API_KEY,
          "Unauthorized request: the Basic user name is a Pipelines API key, which only the Data Pipelines API "
              + "(cdp.customer.io) takes; the Track API takes HTTP Basic site_id:track_api_key.");
    }
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
    Workspace pipelinesOwner = registry.byPipelinesKey(key);
    if (pipelinesOwner != null) {
      return fail(Status.WRONG_KEY_TYPE, ws != null ? site : pipelinesOwner.siteId(), "Basic",
          KeyKind.PIPELINES_API_KEY, "Unauthorized request: the password is a Pipelines API key; the Track API "
              + "needs the workspace's Track API key.");
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
      Workspace cdpOwner = registry.byPipelinesKey(credentials);
      if (cdpOwner != null) {
        return fail(Status.WRONG_KEY_TYPE, cdpOwner.siteId(), "Bearer", KeyKind.PIPELINES_API_KEY,
            "unauthorized: the Bearer token is a Pipelines API key; the App API needs an App API key");
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
        Workspace cdpOwner = registry.byPipelinesKey(site);
        if (cdpOwner != null) {
          return fail(Status.WRONG_KEY_TYPE, cdpOwner.siteId(), "Basic", KeyKind.PIPELINES_API_KEY,
              "unauthorized: the App API takes Authorization: Bearer <App API key>, not the Pipelines API's "
                  + "HTTP Basic source key");
        }
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

  /**
   * Data Pipelines: Basic {@code pipelines_api_key:}. The password is ignored (the documented one is empty); a
   * Track or App key, a site id, or a Pipelines key in the password or as a Bearer token is named for what it is.
   */
  private Result pipelines(String header) {
    if (header == null || header.isBlank()) {
      return fail(Status.MISSING, null, null, KeyKind.NONE, "Unauthorized request: send HTTP Basic auth with your "
          + "Pipelines source API key as the user name and an empty password.");
    }
    String scheme = scheme(header);
    String credentials = header.substring(scheme.length()).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      Workspace app = registry.byAppKey(credentials);
      Workspace track = registry.byTrackKey(credentials);
      Workspace cdp = registry.byPipelinesKey(credentials);
      if (app != null || track != null) {
        return fail(Status.WRONG_KEY_TYPE, (app != null ? app : track).siteId(), "Bearer",
            app != null ? KeyKind.APP_API_KEY : KeyKind.TRACK_API_KEY, "Unauthorized request: the Bearer token is "
                + (app != null ? "an App API key" : "a Track API key") + "; the Pipelines API takes HTTP Basic with "
                + "the source's Pipelines API key as the user name and an empty password.");
      }
      return fail(Status.INVALID, cdp == null ? null : cdp.siteId(), "Bearer", cdp == null ? KeyKind.UNKNOWN
          : KeyKind.PIPELINES_API_KEY, "Unauthorized request: the Pipelines API takes HTTP Basic (the API key as the "
              + "user name, an empty password), not a Bearer token.");
    }
    if (!scheme.equalsIgnoreCase("Basic")) {
      return fail(Status.MALFORMED, null, Redaction.schemeName(scheme), KeyKind.UNKNOWN,
          "Unauthorized request: " + schemeProblem(header, scheme) + "; use HTTP Basic with the Pipelines API key "
              + "as the user name and an empty password.");
    }
    String decoded = BasicCredentials.decode(credentials);
    if (decoded == null) {
      return fail(Status.MALFORMED, null, "Basic", KeyKind.UNKNOWN, "Unauthorized request: the Basic credentials "
          + "are not base64 of pipelines_api_key: (the key, a colon, an empty password).");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    Workspace ws = registry.byPipelinesKey(user);
    if (ws != null) {
      return new Result(new AuthOutcome(Status.OK, ws.siteId(), "Basic", KeyKind.PIPELINES_API_KEY, null), ws);
    }
    Workspace site = registry.get(user);
    Workspace inPassword = registry.byPipelinesKey(password);
    if (inPassword != null) {
      return fail(Status.INVALID, inPassword.siteId(), "Basic", KeyKind.PIPELINES_API_KEY, "Unauthorized request: "
          + "the Pipelines API key is the Basic user name, with an empty password (base64 of 'key:'); this request "
          + "sent it as the password.");
    }
    boolean otherKey = registry.byTrackKey(user) != null || registry.byAppKey(user) != null
        || registry.byTrackKey(password) != null || registry.byAppKey(password) != null;
    if (site != null && !otherKey) {
      return fail(Status.INVALID, site.siteId(), "Basic", KeyKind.UNKNOWN, "Unauthorized request: the Basic user "
          + "name is a site id; the Pipelines API takes the source's Pipelines API key as the user name and an empty "
          + "password.");
    }
    if (otherKey) {
      boolean app = registry.byAppKey(user) != null || registry.byAppKey(password) != null;
      Workspace owner = site != null ? site : app ? (registry.byAppKey(user) != null ? registry.byAppKey(user)
          : registry.byAppKey(password)) : (registry.byTrackKey(user) != null ? registry.byTrackKey(user)
          : registry.byTrackKey(password));
      return fail(Status.WRONG_KEY_TYPE, owner == null ? null : owner.siteId(), "Basic",
          app ? KeyKind.APP_API_KEY : KeyKind.TRACK_API_KEY, "Unauthorized request: these are "
              + (app ? "App API" : "Track API (site_id:track_api_key)") + " credentials; the Pipelines API takes "
              + "the source's Pipelines API key as the Basic user name and an empty password.");
    }
    return fail(Status.INVALID, null, "Basic", KeyKind.UNKNOWN, "Unauthorized request: the Basic user name is no "
        + "Pipelines API key of this fake (" + Redaction.describe(user) + ").");
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
