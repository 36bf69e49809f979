package dev.ciofake.internal.ui;

import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.validation.BodyPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live web view at {@code /__cio/ui}: one HTML page, its script and its style sheet, read from the jar
 * ({@code dev/ciofake/ui/}) on first use and kept, so the fake's start-up does not read them. The page is a client of
 * the admin API and nothing else: it reads and acts through {@code /__cio/...} with {@code fetch}, so the admin API's
 * protection ({@code AdminGuard}: Host names, Origin and Fetch-Metadata on writes, JSON writes, the admin token)
 * covers the page and every call it makes; its own endpoints are admin endpoints, behind the same guard.
 *
 * <p>What the page itself must not open: its answers forbid framing (clickjacking of its buttons), inline and foreign
 * scripts, styles, connections and form targets ({@link #SECURITY_HEADERS}); the script writes what the integration
 * sent as text, never as markup; it never asks for, stores or shows a key or the admin token (a browser that is asked
 * for the token sends it by HTTP Basic, which the browser keeps).
 */
public final class WebView {
  /** Where the view is served. */
  public static final String PATH = "/__cio/ui";
  private static final String RESOURCES = "dev/ciofake/ui/";

  /**
   * The headers of every answer of the view: no framing, nothing but its own script, styles and admin API calls,
   * no referrer, no caching, no content sniffing, and its script and styles not loadable by other origins.
   */
  public static final Map<String, String> SECURITY_HEADERS = headers();

  private final Map<String, String> cache = new ConcurrentHashMap<>();

  private static Map<String, String> headers() {
    Map<String, String> h = Api.Headers.adminPage("default-src 'none'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cross-Origin-Resource-Policy", "same-origin");
    return Map.copyOf(h);
  }

  /** The view's endpoints: the page (with and without a trailing slash), its script and its style sheet. */
  public List<Endpoint> endpoints() {
    return List.of(
        asset("ui", PATH, "index.html", "text/html; charset=utf-8"),
        asset("ui", PATH + "/", "index.html", "text/html; charset=utf-8"),
        asset("ui_script", PATH + "/app.js", "app.js", "text/javascript; charset=utf-8"),
        asset("ui_style", PATH + "/app.css", "app.css", "text/css; charset=utf-8"));
  }

  private Endpoint asset(String operation, String path, String file, String contentType) {
    return Endpoint.builder(Api.ADMIN, operation).errors(ErrorShape.ADMIN).unauthenticated().body(BodyPolicy.NONE)
        .get(path).handle(ex -> ApiResponse.text(200, read(file), contentType, SECURITY_HEADERS));
  }

  String read(String file) {
    return cache.computeIfAbsent(file, f -> {
      try (InputStream in = WebView.class.getClassLoader().getResourceAsStream(RESOURCES + f)) {
        if (in == null) {
          throw new IllegalStateException("the web view's " + f + " is not in the jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
