package dev.ciofake.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The one place reports are escaped: hostile text in XML and HTML stays text, and the documents stay well-formed. */
class MarkupTest {
  /** Markup, quotes, an entity, controls XML forbids, a lone surrogate, U+FFFE and U+FFFF, and an emoji. */
  private static final String HOSTILE = "</pre><script>alert('x')</script> & \"q\" &amp; \u0000\u0001\u001b\uD800"
      + "\uFFFE\uFFFF tab\tline\n\uD83D\uDE00";

  private static Document parse(String text) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
  }

  @Test
  void xmlCharsReplacesOnlyWhatXmlForbids() {
    assertThat(Markup.xmlChars("plain \u00e9 \uD83D\uDE00 \t\n\r")).isEqualTo("plain \u00e9 \uD83D\uDE00 \t\n\r");
    assertThat(Markup.xmlChars("a\u0000b\u001fc\uD800d\uFFFEe\uFFFF")).isEqualTo("a b c d e ");
    assertThat(Markup.xmlChars(null)).isEmpty();
  }

  @Test
  void hostileTextInAnXmlDocumentComesBackAsTheSameTextLessTheForbiddenCharacters() throws Exception {
    String xml = Markup.xml(x -> x.open("root", "attr", HOSTILE).text("child", HOSTILE, "n", 1).empty("leaf")
        .close());

    Document d = parse(xml);
    String expected = Markup.xmlChars(HOSTILE);
    assertThat(d.getDocumentElement().getAttribute("attr")).isEqualTo(expected.replace('\t', ' ').replace('\n', ' '));
    assertThat(d.getElementsByTagName("child").item(0).getTextContent()).isEqualTo(expected);
    assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root")
        .contains("\n  <child n=\"1\">").contains("\n  <leaf/>\n</root>");
  }

  @Test
  void hostileTextInAnHtmlTemplateIsEscapedAndThePageParsesAsXml() throws Exception {
    String html = Markup.html(HtmlReport.class, "report.html.hbs", Map.of("score", 7, "generatedAt", HOSTILE,
        "version", "v", "workspaces", List.of(Map.of("site", HOSTILE, "score", 7, "grade", "bad", "totals", List.of(),
            "pitfalls", List.of(Map.of("id", "x", "severity", "error", "count", 1, "message", HOSTILE, "fix", "f",
                "requestId", "r", "evidence", HOSTILE)), "passed", List.of("a", "b")))));

    assertThat(html).doesNotContain("<script>").doesNotContain("</pre><script");
    Document d = parse(html);
    assertThat(d.getElementsByTagName("pre").item(0).getTextContent()).isEqualTo(Markup.xmlChars(HOSTILE));
    assertThat(d.getElementsByTagName("section").item(0).getAttributes().getNamedItem("data-site-id")
        .getNodeValue()).isEqualTo(Markup.xmlChars(HOSTILE).replace('\t', ' ').replace('\n', ' '));
    assertThat(html).contains("Passed: <code>a</code>, <code>b</code>");
  }
}
