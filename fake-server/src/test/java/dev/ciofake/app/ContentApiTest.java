package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.PitfallIds;
import dev.ciofake.junit5.AllowPitfalls;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.ciofake.testing.FakeHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Content resources (docs/app-api-facts.md section 2, "Content"): snippets, collections, Design Studio folders,
 * emails with their languages and components, assets (multipart) and imports are created, read, updated, listed
 * and deleted, so create-then-read code works; the documented fields are validated; nothing is rendered or sent.
 */
@AllowPitfalls(PitfallIds.INVALID_REQUEST) // every test also sends the documented wrong input
class ContentApiTest {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = CustomerIoFakeExtension.builder().systemProperties(false).options(CioFakeOptions.builder()
      .workspaceFile(AppSupport.workspaceFile("shop.yaml"))
      .rateLimit(RateClass.APP, RateLimit.perSecond(1000))
      .build()).build();

  private FakeHttp http;

  @BeforeEach
  void http(CioFake cio) {
    http = new FakeHttp(cio.baseUrl(), cio.credentials());
  }

  private JsonNode ok(String method, String path, String json) {
    return assertAppOk(http.app(method, path, json));
  }

  @Test
  void snippetsAreUniqueByNameAndPutReplacesOne() {
    assertThat(ok("GET", "/v1/snippets", null).get("snippets")).extracting(s -> s.get("name").asText())
        .containsExactly("footer");
    assertThat(ok("POST", "/v1/snippets", "{\"name\":\"header\",\"value\":\"<p>h</p>\"}").at("/snippet/value")
        .asText()).isEqualTo("<p>h</p>");
    assertThat(assertAppErrors(http.app("POST", "/v1/snippets", "{\"name\":\"header\",\"value\":\"x\"}"), 400))
        .contains("exists already");
    ok("PUT", "/v1/snippets", "{\"name\":\"header\",\"value\":\"<p>h2</p>\"}");
    assertThat(ok("GET", "/v1/snippets", null).toString()).contains("<p>h2</p>").doesNotContain("<p>h</p>");
    assertThat(assertAppErrors(http.app("POST", "/v1/snippets", "{\"name\":\"s\"}"), 400)).contains("value");
    assertThat(http.app("DELETE", "/v1/snippets/header", null).status()).isBetween(200, 204);
    assertThat(ok("GET", "/v1/snippets", null).get("snippets")).hasSize(1);
  }

  @Test
  void aCollectionsRowsAreItsContent() {
    JsonNode c = ok("POST", "/v1/collections", "{\"name\":\"events\",\"data\":[{\"city\":\"Paris\"}]}")
        .get("collection");
    long id = c.get("id").asLong();
    assertThat(c.get("rows").asInt()).isEqualTo(1);
    assertThat(c.get("schema").toString()).contains("city");
    ok("PUT", "/v1/collections/" + id + "/content", "[{\"city\":\"Paris\"},{\"city\":\"Rome\"}]");
    assertThat(http.app("GET", "/v1/collections/" + id + "/content", null).json()).hasSize(2);
    assertThat(ok("GET", "/v1/collections/" + id, null).at("/collection/rows").asInt()).isEqualTo(2);
    ok("PUT", "/v1/collections/" + id, "{\"name\":\"events-2026\"}");
    assertThat(ok("GET", "/v1/collections", null).toString()).contains("events-2026");
    assertThat(assertAppErrors(http.app("POST", "/v1/collections",
        "{\"name\":\"c\",\"data\":[{\"a\":1}],\"url\":\"https://example.com/c.json\"}"), 400)).contains("not both");
    assertThat(http.app("DELETE", "/v1/collections/" + id, null).status()).isBetween(200, 204);
    assertAppErrors(http.app("GET", "/v1/collections/" + id, null), 404);
  }

  @Test
  void designStudioFoldersEmailsLanguagesAndComponents() {
    String folder = ok("POST", "/v1/design_studio/folders", "{\"name\":\"Promos\"}").at("/folder/id").asText();
    ok("PUT", "/v1/design_studio/folders/" + folder, "{\"name\":\"Promotions\"}");
    JsonNode page = ok("GET", "/v1/design_studio/folders?page=1&limit=1", null);
    assertThat(page.at("/meta/page").asInt()).isEqualTo(1);
    assertThat(page.get("folders")).extracting(f -> f.get("name").asText()).containsExactly("Promotions");

    String email = ok("POST", "/v1/design_studio/emails", "{\"name\":\"Welcome\",\"html\":\"<p>Hi</p>\","
        + "\"parent_folder_id\":\"" + folder + "\"}").at("/email/id").asText();
    ok("POST", "/v1/design_studio/emails/" + email + "/languages", "{\"language\":\"fr\",\"html\":\"<p>Salut</p>\"}");
    assertThat(ok("GET", "/v1/design_studio/emails/" + email + "/languages/fr", null).toString()).contains("Salut");
    ok("PUT", "/v1/design_studio/emails/" + email + "/languages/fr", "{\"html\":\"<p>Bonjour</p>\"}");
    assertThat(ok("GET", "/v1/design_studio/emails/" + email + "/languages", null).toString()).contains("Bonjour");
    assertThat(http.app("DELETE", "/v1/design_studio/emails/" + email + "/languages/fr", null).status())
        .isBetween(200, 204);
    assertAppErrors(http.app("GET", "/v1/design_studio/emails/" + email + "/languages/fr", null), 404);

    ok("POST", "/v1/design_studio/components", "{\"name\":\"Hero\",\"tag\":\"x-hero\",\"html\":\"<div/>\"}");
    assertThat(assertAppErrors(http.app("POST", "/v1/design_studio/components",
        "{\"name\":\"Hero 2\",\"tag\":\"x-hero\",\"html\":\"<div/>\"}"), 400)).contains("unique");
    assertThat(ok("GET", "/v1/design_studio/components?tag=x-hero", null).get("components")).hasSize(1);
    assertAppErrors(http.app("POST", "/v1/design_studio/folders", "{\"name\":\"\"}"), 400);
  }

  private FakeHttp.Response upload(String filename, String type, byte[] content) {
    String boundary = "cio-fake-test-boundary";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nLogo\r\n--"
        + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.raw("POST", "/v1/assets/files", out.toByteArray(), Map.of("Authorization", http.appAuth(),
        "Content-Type", "multipart/form-data; boundary=" + boundary));
  }

  @Test
  void assetsAreUploadedAsAFormAndOnlyImagesAndPdfsAreAccepted() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
    JsonNode asset = assertAppOk(upload("logo.png", "image/png", png)).get("asset");
    long id = asset.get("id").asLong();
    assertThat(asset.get("name").asText()).isEqualTo("Logo");
    assertThat(asset.get("size").asInt()).isEqualTo(png.length);
    assertThat(asset.get("path").asText()).startsWith("https://").endsWith("logo.png");
    assertThat(ok("GET", "/v1/assets/files/" + id, null).at("/asset/id").asLong()).isEqualTo(id);
    assertThat(ok("GET", "/v1/assets", null).toString()).contains("logo.png");
    ok("PUT", "/v1/assets/files/" + id, "{\"name\":\"Logo v2\"}");
    assertThat(ok("GET", "/v1/assets/files/" + id, null).at("/asset/name").asText()).isEqualTo("Logo v2");
    assertThat(assertAppErrors(upload("notes.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8)), 400))
        .contains("not an accepted asset");
    assertThat(http.app("DELETE", "/v1/assets/files/" + id, null).status()).isBetween(200, 204);
    assertAppErrors(http.app("GET", "/v1/assets/files/" + id, null), 404);

    long folder = ok("POST", "/v1/assets/folders", "{\"name\":\"Logos\"}").at("/folder/id").asLong();
    assertThat(ok("GET", "/v1/assets/folders", null).toString()).contains("Logos");
    assertThat(http.app("DELETE", "/v1/assets/folders/" + folder, null).status()).isBetween(200, 204);
  }

  @Test
  void anImportIsStoredWithItsStateAndNeedsWhatTheSchemaRequires() {
    JsonNode imp = ok("POST", "/v1/imports", "{\"import\":{\"name\":\"people\",\"data_file_url\":"
        + "\"https://example.com/people.csv\",\"type\":\"people\",\"identifier\":\"id\"}}").get("import");
    assertThat(imp.get("state").asText()).isIn("preprocessing", "preprocessed", "validating", "validated",
        "importing", "imported", "failed", "canceled");
    assertThat(ok("GET", "/v1/imports/" + imp.get("id").asLong(), null).at("/import/name").asText())
        .isEqualTo("people");
    assertThat(assertAppErrors(http.app("POST", "/v1/imports", "{\"import\":{\"name\":\"i\",\"data_file_url\":"
        + "\"https://example.com/x.csv\",\"type\":\"people\"}}"), 400)).contains("identifier");
    assertAppErrors(http.app("GET", "/v1/imports/987", null), 404);
  }
}
