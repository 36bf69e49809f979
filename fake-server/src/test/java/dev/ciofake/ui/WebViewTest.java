package dev.ciofake.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.FakeHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web view over plain HTTP: what it serves, that it is all in the jar (no CDN), the headers that keep a hostile
 * page from framing it or injecting into it, and that the admin API's protection (Host names, the admin token)
 * covers it like any admin endpoint.
 */
class WebViewTest {
  private static CioFakeServer open;
  private static CioFakeServer guarded;
  private static FakeHttp http;

  @BeforeAll
  static void start() {
    open = CioFakeServer.start(CioFakeOptions.builder().port(0).build());
    guarded = CioFakeServer.start(CioFakeOptions.builder().port(0).adminToken("ui-admin-token-5b1e").build());
    http = new FakeHttp(open);
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
  }

  private static FakeHttp.Response get(FakeHttp h, String path, Map<String, String> headers) {
    return h.send("GET", path, null, headers);
  }

  @Test
  void thePageItsScriptAndItsStylesComeFromTheJarWithTheirTypes() {
    for (String[] a : new String[][] {{"/__cio/ui", "text/html"}, {"/__cio/ui/", "text/html"},
        {"/__cio/ui/app.js", "text/javascript"}, {"/__cio/ui/app.css", "text/css"}}) {
      FakeHttp.Response r = get(http, a[0], Map.of());
      assertThat(r.status()).as(a[0]).isEqualTo(200);
      assertThat(r.header("Content-Type")).as(a[0]).startsWith(a[1]).endsWith("charset=utf-8");
      assertThat(r.body()).as(a[0]).isNotBlank();
    }
    String page = get(http, "/__cio/ui", Map.of()).body();
    assertThat(page).contains("<script src=\"/__cio/ui/app.js\" defer></script>")
        .contains("href=\"/__cio/ui/app.css\"");
    assertThat(get(http, "/__cio/ui/nothing.js", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void nothingIsLoadedFromAnotherOriginAndNothingTheIntegrationSentIsWrittenAsMarkup() {
    Pattern external = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");
    for (String asset : List.of("/__cio/ui", "/__cio/ui/app.js", "/__cio/ui/app.css")) {
      String body = get(http, asset, Map.of()).body();
      Matcher m = external.matcher(body.replaceAll("(?m)^\\s*//.*$", ""));
      assertThat(m.find()).as("%s names another origin: %s", asset, m.find() ? m.group() : "").isFalse();
      assertThat(body).as(asset).doesNotContain("@import").doesNotContain("url(http");
    }
    String script = get(http, "/__cio/ui/app.js", Map.of()).body();
    // text only: no HTML parsing of data, no eval, nothing kept in the browser's storage
    assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
        .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("new Function")
        .doesNotContain("localStorage").doesNotContain("sessionStorage").doesNotContain("document.cookie");
  }

  @Test
  void everyAnswerForbidsFramingForeignScriptsAndSniffing() {
    for (String asset : List.of("/__cio/ui", "/__cio/ui/app.js", "/__cio/ui/app.css")) {
      FakeHttp.Response r = get(http, asset, Map.of());
      String csp = r.header("Content-Security-Policy");
      assertThat(csp).as(asset).contains("default-src 'none'").contains("script-src 'self'")
          .contains("connect-src 'self'").contains("frame-ancestors 'none'").contains("form-action 'none'")
          .contains("base-uri 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(r.header("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  void aPageThatRebindsItsOwnNameToTheFakeIsRefused() throws IOException {
    String refused = rawGet("/__cio/ui", "attacker.example:" + open.port());
    assertThat(refused).startsWith("HTTP/1.1 403").contains("host").doesNotContain("<script");
    assertThat(rawGet("/__cio/ui/app.js", "rebind.attacker.test")).startsWith("HTTP/1.1 403");
    assertThat(rawGet("/__cio/ui", "localhost:" + open.port())).startsWith("HTTP/1.1 200").contains("<script");
  }

  /** A GET with the Host header given (which java.net.http will not send), answered in full. */
  private static String rawGet(String path, String host) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), open.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void withAnAdminTokenTheBrowserIsAskedForItAndThePageNeverHoldsIt() {
    FakeHttp g = new FakeHttp(guarded);
    FakeHttp.Response refused = get(g, "/__cio/ui", Map.of());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).startsWith("Basic realm=");
    assertThat(get(g, "/__cio/ui/app.js", Map.of()).status()).isEqualTo(401);
    String basic = FakeHttp.basic("anyone", "ui-admin-token-5b1e");
    for (String asset : List.of("/__cio/ui", "/__cio/ui/app.js", "/__cio/ui/app.css")) {
      FakeHttp.Response r = get(g, asset, Map.of("Authorization", basic));
      assertThat(r.status()).as(asset).isEqualTo(200);
      assertThat(r.body()).doesNotContain("ui-admin-token-5b1e");
    }
    // the calls the page makes carry the same Basic credentials, which the browser keeps
    assertThat(get(g, "/__cio/workspaces", Map.of("Authorization", basic)).status()).isEqualTo(200);
  }
}
