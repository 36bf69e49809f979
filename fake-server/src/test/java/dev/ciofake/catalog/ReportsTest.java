package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ReportsTest extends CatalogTestBase {

  /** One error (track-before-identify) and one warning (missing-email, twice for two people). */
  private void messyIntegration() {
    identify("1", "{\"plan\":\"pro\"}");
    identify("2", "{\"plan\":\"pro\"}");
    track("3", "{\"name\":\"order_completed\"}");
  }

  private static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.get("id").asText()));
    return out;
  }

  private static Document parseXml(String text) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> xpath(Document d, String expr) throws Exception {
    NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, d, XPathConstants.NODESET);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent());
    }
    return out;
  }

  @Test
  void jsonReportScoresGroupsAndTotals() {
    messyIntegration();

    JsonNode report = http.admin("GET", "/__cio/report", null).json();
    JsonNode ws = report.get("workspaces").get(0);
    assertThat(ws.get("site_id").asText()).isEqualTo(http.credentials().siteId());
    // track-before-identify (error, -15), missing-email (warning, -5; the event created a bare person too)
    assertThat(ws.get("score").asInt()).isEqualTo(80);
    assertThat(report.get("score").asInt()).isEqualTo(80);
    assertThat(ids(ws.get("pitfalls"))).containsExactly("track-before-identify", "missing-email");
    assertThat(ws.get("pitfalls").get(1).get("count").asInt()).isEqualTo(2);
    assertThat(ws.at("/totals/requests").asInt()).isEqualTo(3);
    assertThat(ws.at("/totals/people").asInt()).isEqualTo(3);
    assertThat(ws.at("/totals/events").asInt()).isEqualTo(1);
    assertThat(ids(ws.get("passed"))).doesNotContain("track-before-identify", "missing-email").contains("wrong-api-key");
    assertThat(ws.get("passed")).hasSize(report.get("catalog").size() - 2);
  }

  @Test
  void cleanIntegrationScores100() {
    identify("1", "{\"email\":\"a@example.com\"}");
    track("1", "{\"name\":\"order_completed\"}");

    JsonNode ws = http.admin("GET", "/__cio/report?format=json", null).json().get("workspaces").get(0);
    assertThat(ws.get("score").asInt()).isEqualTo(100);
    assertThat(ws.get("pitfalls")).isEmpty();
  }

  @Test
  void junitXmlHasOneTestCasePerPitfallIdFailedWhereItFired() throws Exception {
    messyIntegration();

    var r = http.admin("GET", "/__cio/report?format=junit", null);
    assertThat(r.header("Content-Type")).startsWith("application/xml");
    Document d = parseXml(r.body());
    int catalog = http.admin("GET", "/__cio/report", null).json().get("catalog").size();
    assertThat(xpath(d, "//testcase/@name")).hasSize(catalog).contains("wrong-api-key", "missing-email");
    assertThat(xpath(d, "//testcase[failure]/@name")).containsExactly("track-before-identify", "missing-email");
    assertThat(xpath(d, "/testsuites/@failures")).containsExactly("2");
    assertThat(xpath(d, "//testcase[@name='missing-email']/failure/@message").get(0)).startsWith("2x ");
  }

  @Test
  void acceptHeaderPicksTheFormat() {
    messyIntegration();
    var html = http.send("GET", "/__cio/report", null, java.util.Map.of("Accept", "text/html"));
    var xml = http.send("GET", "/__cio/report", null, java.util.Map.of("Accept", "application/xml"));
    assertThat(html.header("Content-Type")).startsWith("text/html");
    assertThat(xml.header("Content-Type")).startsWith("application/xml");
    assertThat(http.admin("GET", "/__cio/report?format=pdf", null).status()).isEqualTo(400);
  }

  @Test
  void htmlReportIsAWellFormedPageWithEachPitfallItsFixAndTheScore() throws Exception {
    messyIntegration();
    identify("4", "{\"email\":\"x@example.com\",\"note\":\"<script>alert(1)</script> & more\"}");
    track("4", "{\"name\":\"<b>Bold</b>\"}");

    var r = http.admin("GET", "/__cio/report?format=html", null);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.header("Content-Security-Policy")).as("no script may run in the page the integration's data fills")
        .contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("script-src");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    Document d = parseXml(r.body());
    assertThat(xpath(d, "//title")).singleElement().asString().contains("score");
    assertThat(xpath(d, "//section/@data-site-id")).containsExactly(http.credentials().siteId());
    assertThat(xpath(d, "//div[@data-pitfall-id]/@data-pitfall-id"))
        .contains("track-before-identify", "missing-email", "inconsistent-event-name");
    assertThat(xpath(d, "//div[@data-pitfall-id='track-before-identify']//p[strong='Fix:']"))
        .singleElement().asString().contains("Identify the person");
    String score = xpath(d, "//div[@data-score]/@data-score").get(0);
    assertThat(xpath(d, "//strong[@id='overall-score']")).containsExactly(score);
    assertThat(xpath(d, "//script")).as("user data is escaped, never markup").isEmpty();
    assertThat(r.body()).doesNotContain("<link").doesNotContain("src=\"http");
  }

  @Test
  void groupedPitfallsGiveOneEntryPerIdWithCountAndFirstEvidence() {
    messyIntegration();

    JsonNode g = http.admin("GET", "/__cio/pitfalls?group=id", null).json();
    assertThat(ids(g.get("pitfalls"))).containsExactly("track-before-identify", "missing-email");
    JsonNode missing = g.get("pitfalls").get(1);
    assertThat(missing.get("count").asInt()).isEqualTo(2);
    assertThat(missing.at("/first/evidence/person").asText()).isEqualTo("1");
    assertThat(ids(http.admin("GET", "/__cio/pitfalls?group=id&severity=warning", null).json().get("pitfalls"))).containsExactly("missing-email");
    assertThat(http.admin("GET", "/__cio/pitfalls?group=site", null).status()).isEqualTo(400);
  }

  @Test
  void writeReportsWritesAllThreeFormats(@TempDir Path dir) throws Exception {
    messyIntegration();

    List<Path> files = server.writeReports(dir.resolve("reports"));

    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("cio-fake-report.json", "cio-fake-report.xml", "cio-fake-report.html");
    assertThat(Files.readString(files.get(0))).contains("\"track-before-identify\"");
    assertThat(xpath(parseXml(Files.readString(files.get(1))), "//testcase[failure]/@name")).hasSize(2);
    assertThat(xpath(parseXml(Files.readString(files.get(2))), "//div[@data-pitfall-id]")).hasSize(2);
  }
}
