package dev.ciofake.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.RateClass;
import java.util.List;
import java.util.Map;

/**
 * Which API a request belongs to. Each API owns what every answer of it shares: where its paths live, the error
 * envelope of its validation and of its authentication failures, its response headers, and what an unknown method on
 * a known path gets. Endpoints may override the validation shape (Track v1 {@code merge_customers}); nothing else
 * decides a shape.
 */
public enum Api {
  /** Track API v1 ({@code /api/v1/...}, {@code /unsubscribe/...}, {@code /push/events}). */
  TRACK_V1("track", List.of("/api/v1/", "/unsubscribe/", "/push/"), ErrorShape.TRACK_META_ERRORS,
      ErrorShape.META_ERROR, Headers.TRACK, 405),
  /** Track API v2 ({@code /api/v2/entity}, {@code /api/v2/batch}). */
  TRACK_V2("track", List.of("/api/v2/"), ErrorShape.TRACK_V2_ERRORS, ErrorShape.TRACK_V2_ERRORS, Headers.TRACK, 405),
  /**
   * The Data Pipelines API ({@code POST /v1/identify}, {@code /track}, {@code /page}, {@code /screen}, {@code /group},
   * {@code /alias}, {@code /batch}; HTTP Basic with the source key as the user name and an empty password). It shares
   * {@code /v1} with the App API: these seven paths are its, and an unknown {@code /v1} path with Basic credentials is
   * answered as its. Validation errors are {@code {"meta":{"errors":[...]}}} (the published 400); 401 bodies are not
   * published, so it answers {@code {"meta":{"error":"..."}}}, which customerio-node reads. Permissive by default:
   * see {@code internal.pipelines.PipelinesApi}.
   */
  PIPELINES("pipelines", List.of("/v1/identify", "/v1/track", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias",
      "/v1/batch"), ErrorShape.TRACK_META_ERRORS, ErrorShape.META_ERROR, Headers.PIPELINES, 405),
  /**
   * App API ({@code /v1/...}, Bearer auth). The real App API serves other methods on many modelled paths
   * ({@code POST /v1/customers} is a search), so a method the fake does not model there is a 404, not a 405.
   */
  APP("app", List.of("/v1/"), ErrorShape.APP_ERRORS, ErrorShape.APP_ERRORS, Headers.APP, 404),
  /** The fake's own admin API under {@code /__cio/}. Never rate limited, never subject to chaos. */
  ADMIN("admin", List.of("/__cio/"), ErrorShape.ADMIN, ErrorShape.ADMIN, Headers.ADMIN, 405);

  private final String family;
  private final List<String> prefixes;
  private final ErrorShape errorShape;
  private final ErrorShape authErrorShape;
  private final Map<String, String> headers;
  private final int unknownMethodStatus;

  Api(String family, List<String> prefixes, ErrorShape errorShape, ErrorShape authErrorShape,
      Map<String, String> headers, int unknownMethodStatus) {
    this.family = family;
    this.prefixes = prefixes;
    this.errorShape = errorShape;
    this.authErrorShape = authErrorShape;
    this.headers = headers;
    this.unknownMethodStatus = unknownMethodStatus;
  }

  /**
   * {@code track}, {@code app}, {@code pipelines} or {@code admin}: the name used in the journal, chaos matches and the
   * admin API.
   */
  public String family() {
    return family;
  }

  /** The error envelope of validation errors (and of anything else that is not an authentication failure). */
  public ErrorShape errorShape() {
    return errorShape;
  }

  /**
   * The error envelope of a 401. Track v1's 401 body is not published; the fake answers {@code meta.error}, one
   * message, which every official client reads.
   */
  public ErrorShape authErrorShape() {
    return authErrorShape;
  }

  /** Headers of every response of this API (success and error). */
  public Map<String, String> headers() {
    return headers;
  }

  /** 405, or 404 where the real API serves more methods on a path than the fake models. */
  public int unknownMethodStatus() {
    return unknownMethodStatus;
  }

  /** The rate-limit class of this API's endpoints unless they name another; {@code null} for the admin API. */
  public RateClass defaultRateClass() {
    switch (this) {
      case TRACK_V1:
      case TRACK_V2:
        return RateClass.TRACK;
      case APP:
        return RateClass.APP;
      case PIPELINES:
        return RateClass.PIPELINES;
      default:
        return null;
    }
  }

  /** The header that asks the Pipelines API for real 400/401 answers instead of its permissive 200. */
  public static final String STRICT_MODE_HEADER = "X-Strict-Mode";

  /** Whether this API has a strict mode: permissive (200 for what it refuses) unless a request asks otherwise. */
  public boolean hasStrictMode() {
    return this == PIPELINES;
  }

  /**
   * Whether this request is answered permissively: a Pipelines request without {@code X-Strict-Mode: 1} (any other
   * value is permissive, as documented). Its refused calls are answered 200 and dropped.
   */
  public boolean permissive(ApiRequest request) {
    if (this != PIPELINES) {
      return false;
    }
    String strict = request.header(STRICT_MODE_HEADER);
    return strict == null || !strict.trim().equals("1");
  }

  /** The success answer of this API's writes: {@code {}} with its headers. */
  public ApiResponse ok() {
    return ApiResponse.json(200, OK_BODY, headers);
  }

  private static final byte[] OK_BODY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /**
   * The API a path belongs to by its prefix (a prefix without a trailing slash is a whole path: it matches itself and
   * what lies under it); Track v1 for anything else (its paths have no common root).
   */
  public static Api ofPath(String rawPath) {
    if (rawPath.equals("/__cio") || rawPath.equals("/v1")) {
      return rawPath.equals("/v1") ? APP : ADMIN;
    }
    for (Api api : values()) {
      for (String p : api.prefixes) {
        if (p.endsWith("/") ? rawPath.startsWith(p)
            : rawPath.startsWith(p) && (rawPath.length() == p.length() || rawPath.charAt(p.length()) == '/')) {
          return api;
        }
      }
    }
    return TRACK_V1;
  }

  /**
   * An error response of this API: its headers, the shape's body, and (Track) the literal {@code Status} header.
   *
   * <p>The one decision about error bodies. Every error (4xx and 5xx) of a Customer.io API is readable by the
   * official Node client, customerio-node 5.2, which takes its message from {@code meta.error}, else from
   * {@code meta.errors}, else says "Unknown error" (its {@code lib/request.ts}). Track v1 and {@code /v1/send/*} are
   * documented with {@code meta}; the App API's list ({@code {"errors":[{"detail","status"}]}}) and Track v2's
   * ({@code {"errors":[{"reason","field","message"}]}}) are not, so their bodies keep the documented list unchanged
   * and add the same messages under {@code meta}: {@code meta.error} for the App API (as its sends answer),
   * {@code meta.errors} for Track v2 (as Track v1 answers). Neither document forbids another key (their schemas are
   * open, and the App API's overview tells clients to ignore keys they do not know); docs/edge.md says so. The
   * admin API is the fake's own and keeps its shape. A 207 is not an error: its list stays as documented.
   */
  public ApiResponse error(int status, ErrorShape shape, List<Violation> violations) {
    ObjectNode body = shape.body(violations, status);
    if (status >= 400 && this != ADMIN && !shape.hasMeta()) {
      ObjectNode meta = body.putObject("meta");
      if (this == APP) {
        meta.put("error", ErrorShape.joined(violations));
      } else {
        ArrayNode errors = meta.putArray("errors");
        violations.forEach(v -> errors.add(v.field() == null || v.field().isEmpty() || v.message().contains(v.field())
            ? v.message() : v.field() + ": " + v.message()));
      }
    }
    ApiResponse r = ApiResponse.json(status, shape.render(body), headers);
    return family.equals("track") ? r.withHeader("Status", status + " " + reason(status)) : r;
  }

  static String reason(int status) {
    switch (status) {
      case 207:
        return "Multi-Status";
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 408:
        return "Request Timeout";
      case 413:
        return "Payload Too Large";
      case 415:
        return "Unsupported Media Type";
      case 429:
        return "Too Many Requests";
      default:
        return status >= 500 ? "Server Error" : "Error";
    }
  }

  /** The headers of each API, from live recordings where they exist. */
  public static final class Headers {
    /** Track v1 and v2. */
    public static final Map<String, String> TRACK = Map.of(
        "Cache-Control", "no-cache, no-store, must-revalidate, max-age=0",
        "Access-Control-Allow-Origin", "*");
    /** App API. */
    public static final Map<String, String> APP = Map.of("Cache-Control", "must-revalidate,no-cache,no-store");
    /** The Data Pipelines API: no recording of its headers is published, so it adds none of its own. */
    public static final Map<String, String> PIPELINES = Map.of();
    /** The admin API. */
    public static final Map<String, String> ADMIN = Map.of("Cache-Control", "no-store");

    /**
     * The headers of a page the admin API serves to a browser (the web view, the HTML report): the admin headers, the
     * page's {@code contentSecurityPolicy}, no framing, no content sniffing, no referrer.
     */
    public static Map<String, String> adminPage(String contentSecurityPolicy) {
      Map<String, String> h = new java.util.LinkedHashMap<>(ADMIN);
      h.put("Content-Security-Policy", contentSecurityPolicy);
      h.put("X-Frame-Options", "DENY");
      h.put("X-Content-Type-Options", "nosniff");
      h.put("Referrer-Policy", "no-referrer");
      return h;
    }

    private Headers() {}
  }
}
