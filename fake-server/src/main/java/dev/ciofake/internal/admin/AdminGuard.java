package dev.ciofake.internal.admin;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.http.Violation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the admin API ({@code /__cio}) refuses before any handler runs: what a hostile web page, a DNS-rebinding page
 * or a network neighbour could send.
 *
 * <ul>
 *   <li>{@code Host}: an IP literal, {@code localhost} (or {@code *.localhost}), or a configured name
 *       ({@link CioFakeOptions#allowedHosts()}); any other name is a page that rebound its own name to the fake.
 *   <li>Writes (every method but GET and HEAD): a browser's cross-origin request is refused by its {@code Origin}
 *       (not the fake's own) and by {@code Sec-Fetch-Site} ({@code cross-site}, {@code same-site}); a write with a
 *       body or a content type must be {@code application/json}, which no cross-origin page can send without a
 *       preflight the fake never grants.
 *   <li>The admin token, when one is set: {@code Authorization: Bearer <token>}, or the password of HTTP Basic (so a
 *       browser can open the HTML report). {@code GET /__cio/health} stays open for health checks.
 * </ul>
 */
public final class AdminGuard {
  private static final Set<String> READS = Set.of("GET", "HEAD");
  /** The admin operation a health check calls; it needs no token. */
  static final String HEALTH = "health";

  private final byte[] token;
  private final List<String> allowedHosts;
  private final Set<String> webhookHosts;

  public AdminGuard(CioFakeOptions options) {
    this.token = options.adminToken() == null ? null : options.adminToken().getBytes(StandardCharsets.UTF_8);
    this.allowedHosts = options.allowedHosts();
    Set<String> hooks = new java.util.HashSet<>(options.webhookHosts());
    if (options.webhookUrl() != null) {
      try {
        String h = URI.create(options.webhookUrl()).getHost();
        if (h != null) {
          hooks.add(hostOnly(h));
        }
      } catch (IllegalArgumentException unparsable) {
        // the configured URL is the operator's; a broken one fails when it is used
      }
    }
    this.webhookHosts = Set.copyOf(hooks);
  }

  /**
   * Why a reporting-webhook URL added over the admin API is refused, or {@code null}: the fake posts only to what a
   * test needs, loopback and the hosts it is told ({@link CioFakeOptions#webhookHosts()}, the host of the configured
   * webhook URL). Link-local and unspecified addresses (cloud metadata services) need naming exactly, even under
   * {@code *}. Names are judged as written, never resolved.
   */
  public String webhookTargetProblem(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException bad) {
      return "url is not a valid URL";
    }
    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
      return "url must be an http(s) URL with a host";
    }
    if (u.getUserInfo() != null) {
      return "url must not carry credentials";
    }
    String host = hostOnly(u.getHost());
    if (webhookHosts.contains(host)) {
      return null;
    }
    boolean special = host.startsWith("169.254.") || host.startsWith("fe80:") || host.equals("0.0.0.0")
        || host.equals("::") || host.equals("metadata.google.internal");
    if (!special && (isLoopback(host) || webhookHosts.contains("*"))) {
      return null;
    }
    return "webhook URLs may point to loopback (localhost, 127.0.0.0/8, ::1) and the hosts the fake is told "
        + "(--webhook-host, CIO_FAKE_WEBHOOK_HOSTS); this one names another host";
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1") || (isIpLiteral(host) && host.startsWith("127."));
  }

  /** A refusal: the violation to answer and whether to challenge for credentials. */
  public record Refusal(Violation violation, boolean challenge) {}

  /** Why this admin request is refused, or {@code null} when it may go on. */
  public Refusal check(ApiRequest req, String operation) {
    String host = req.authority();
    if (host != null && !hostAllowed(host)) {
      return refuse(403, "host", "the admin API answers to IP addresses, localhost and the names it is told "
          + "(--allowed-host, CIO_FAKE_ALLOWED_HOSTS); this request named another host");
    }
    if (!READS.contains(req.method())) {
      String origin = req.header("Origin");
      if (origin != null && !sameOrigin(origin, host)) {
        return refuse(403, "origin", "cross-origin writes to the admin API are refused (Origin is not the fake's own)");
      }
      String site = req.header("Sec-Fetch-Site");
      if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
        return refuse(403, "origin", "cross-origin writes to the admin API are refused (Sec-Fetch-Site: "
            + Violation.shorten(site) + ")");
      }
      String media = req.mediaType();
      if ((media != null || req.body().length > 0) && !isJson(media)) {
        return new Refusal(Violation.of("content-type", "Content-Type", media, "admin API writes take "
            + "Content-Type: application/json").withStatus(415), false);
      }
    }
    if (token != null && !HEALTH.equals(operation) && !tokenGiven(req.header("Authorization"))) {
      return new Refusal(Violation.of("auth", "Authorization", null, "the admin API needs its token: send "
          + "Authorization: Bearer <admin token> (CIO_FAKE_ADMIN_TOKEN)").withStatus(401), true);
    }
    return null;
  }

  private static Refusal refuse(int status, String field, String message) {
    return new Refusal(Violation.of("forbidden", field, null, message).withStatus(status), false);
  }

  private static boolean isJson(String media) {
    return media != null && (media.equals("application/json") || media.endsWith("+json"));
  }

  boolean hostAllowed(String hostHeader) {
    String host = hostOnly(hostHeader);
    if (host.isEmpty() || isIpLiteral(host) || host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    return allowedHosts.contains("*") || allowedHosts.contains(host);
  }

  /** The host of a {@code Host} header or URI authority, lower case, without port or IPv6 brackets. */
  static String hostOnly(String authority) {
    String a = authority.trim().toLowerCase(Locale.ROOT);
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      return end < 0 ? a : a.substring(1, end);
    }
    int colon = a.indexOf(':');
    if (colon >= 0 && a.indexOf(':', colon + 1) < 0) {
      a = a.substring(0, colon);
    }
    return a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
  }

  /** An IPv4 dotted quad or an IPv6 literal: names no page can rebind. */
  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return host.matches("[0-9a-f:.%a-z]+") && host.chars().filter(c -> c == ':').count() >= 2;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameOrigin(String origin, String hostHeader) {
    if (hostHeader == null || origin.equals("null")) {
      return false;
    }
    try {
      URI o = URI.create(origin.trim());
      if (o.getHost() == null || !("http".equals(o.getScheme()) || "https".equals(o.getScheme()))) {
        return false;
      }
      String h = hostHeader.trim().toLowerCase(Locale.ROOT);
      int port = o.getPort() >= 0 ? o.getPort() : "https".equals(o.getScheme()) ? 443 : 80;
      String originHost = o.getHost().toLowerCase(Locale.ROOT);
      String withPort = (originHost.contains(":") && !originHost.startsWith("[") ? "[" + originHost + "]"
          : originHost) + ":" + port;
      return h.equals(withPort) || (h.equals(hostOnly(h)) && hostOnly(h).equals(hostOnly(originHost))
          && (port == 80 || port == 443));
    } catch (IllegalArgumentException bad) {
      return false;
    }
  }

  private boolean tokenGiven(String authorization) {
    if (authorization == null) {
      return false;
    }
    String a = authorization.trim();
    int sp = a.indexOf(' ');
    if (sp < 0) {
      return false;
    }
    String scheme = a.substring(0, sp);
    String cred = a.substring(sp + 1).trim();
    String given = null;
    if (scheme.equalsIgnoreCase("Bearer")) {
      given = cred;
    } else if (scheme.equalsIgnoreCase("Basic")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(cred), StandardCharsets.UTF_8);
        given = decoded.indexOf(':') < 0 ? null : decoded.substring(decoded.indexOf(':') + 1);
      } catch (IllegalArgumentException notBase64) {
        return false;
      }
    }
    return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }
}
