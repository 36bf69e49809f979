package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.internal.run.ScenarioReports;
import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.run.ScenarioResult;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The run's JUnit XML and HTML reports, from results built by hand: the counts CI reads, and text from a SUT's output
 * or an error (markup, controls XML forbids) that stays text in well-formed documents.
 */
class ScenarioReportsTest {
  private static final String NASTY = "</pre><b>bold</b> & \"q\" \u0000\u001b\uFFFF";
  private static final Path DIR = Path.of("/tmp/reports");

  private static ScenarioResult result(String id, String error, List<CheckResult> checks) throws Exception {
    Scenario s = ScenarioParser.parse(id + ".yaml", "name: " + id + "\nduration_seconds: 1\nexpect: {pitfalls: {}}\n",
        null);
    return new ScenarioResult(s, id, error == null && checks.stream().allMatch(CheckResult::passed), error, checks,
        1_764_580_000_123L, 2_500, new ScenarioResult.Sut(List.of("node", "server.js"), "http://127.0.0.1:1"),
        new ScenarioResult.Workload(3, 2, Map.of("200", 2, "timeout", 1)), List.of("t+0.0s " + NASTY),
        Map.of("sut log", DIR.resolve(id + "/sut.log")));
  }

  private static Document parse(String text) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
  }

  private static String xpath(Document d, String expr) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(expr, d);
  }

  private static List<ScenarioResult> results() throws Exception {
    return List.of(
        result("good", null, List.of(new CheckResult("pitfalls", true, "no pitfalls", List.of()))),
        result("bad", null, List.of(new CheckResult("pitfalls", true, "ok", List.of()),
            new CheckResult("latency", false, "p95 900 ms " + NASTY, List.of("slowest " + NASTY)))),
        result("broken", "the SUT exited with 1\n" + NASTY, List.of()));
  }

  @Test
  void junitXmlCountsSuitesCasesFailuresAndErrors() throws Exception {
    Document d = parse(ScenarioReports.junit(results(), 0));

    assertThat(xpath(d, "/testsuites/@tests")).isEqualTo("4");
    assertThat(xpath(d, "/testsuites/@failures")).isEqualTo("1");
    assertThat(xpath(d, "/testsuites/@errors")).isEqualTo("1");
    assertThat(xpath(d, "/testsuites/@time")).isEqualTo("7.500");
    assertThat(xpath(d, "count(//testsuite)")).isEqualTo("3");
    assertThat(xpath(d, "//testsuite[@name='scenario.bad']/testcase[@name='latency']/failure/@message"))
        .isEqualTo("p95 900 ms </pre><b>bold</b> & \"q\"    ");
    assertThat(xpath(d, "//testsuite[@name='scenario.broken']/testcase[@name='run']/error/@message"))
        .isEqualTo("the SUT exited with 1");
    assertThat(xpath(d, "//testsuite[@name='scenario.good']/@timestamp")).isEqualTo("2025-12-01T09:06:40");
  }

  @Test
  void htmlIsOnePageThatParsesAsXmlWithTheTextEscaped() throws Exception {
    String html = ScenarioReports.html(DIR, results(), 0, 7_500);

    assertThat(html).doesNotContain("<b>bold</b>");
    Document d = parse(html);
    assertThat(xpath(d, "/html/head/title")).isEqualTo("cio-fake scenarios: 1/3 passed");
    assertThat(xpath(d, "count(//h2)")).isEqualTo("3");
    assertThat(xpath(d, "//h2[@id='bad']/span")).isEqualTo("FAIL");
    assertThat(xpath(d, "//h2[@id='bad']/following-sibling::table[1]//pre")).isEqualTo("slowest </pre><b>bold</b> "
        + "& \"q\"    ");
    assertThat(xpath(d, "//h2[@id='broken']/following-sibling::pre[1]")).startsWith("the SUT exited with 1\n");
    assertThat(xpath(d, "//a[.='sut log']/@href")).isEqualTo("good/sut.log");
  }
}
