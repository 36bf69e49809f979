package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ciofake.scenarios.ScenarioFileException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The scenario format: what a good file becomes, and how a bad one is reported (line, column, what to do). */
class ScenarioParserTest {
  static final List<String> SHIPPED = ScenarioParser.SHIPPED;

  private static final String MINIMAL = """
      name: tiny
      duration_seconds: 2
      expect:
        pitfalls: {}
      """;

  private static ScenarioFileException bad(String yaml) {
    ScenarioFileException e = catchThrowableOfType(ScenarioFileException.class,
        () -> ScenarioParser.parse("s.yaml", yaml, null));
    assertThat(e).as("expected %s to be refused", yaml).isNotNull();
    return e;
  }

  private static Problem only(String yaml) {
    List<Problem> p = bad(yaml).problems();
    assertThat(p).as("problems").hasSize(1);
    return p.get(0);
  }

  @ParameterizedTest
  @FieldSource("SHIPPED")
  void everyShippedSuiteIsValidOnDiskAndInTheJar(String suite) throws Exception {
    Path file = Path.of(System.getProperty("cio-fake.scenarios.dir", "."), "suites", suite + ".yaml");

    Scenario onDisk = ScenarioParser.load(file.toString());
    Scenario shipped = ScenarioParser.load(suite);

    assertThat(onDisk.name()).isEqualTo(suite);
    assertThat(shipped.name()).isEqualTo(suite);
    assertThat(shipped.source()).isEqualTo("shipped:" + suite);
    assertThat(onDisk.description()).isNotBlank();
    assertThat(onDisk.durationSeconds() + onDisk.settleSeconds()).as("a suite stays short").isLessThanOrEqualTo(15);
    assertThat(onDisk.sut().command()).as("suites leave the SUT to the command line").isEmpty();
  }

  @Test
  void aFullScenarioBecomesTypedRecordsWithTheTimelineMappedOntoChaosRules() throws Exception {
    Scenario s = ScenarioParser.parse("full.yaml", """
        name: full
        description: >-
          Everything at once.
        seed: 7
        duration_seconds: 10
        workspace:
          site_id: shop
          people:
            - {id: "42", email: ada@example.com, attributes: {plan: pro}}
          webhook: {path: /hooks, secret: s3cret}
          settings: {rate_limits: {track: 50/s}, delivery_problem_grace_seconds: 1.5}
        sut:
          command: [node, server.js]
          env: {MODE: "${CIO_SITE_ID}"}
        timeline:
          - from: 0
            to: 5
            chaos:
              match: {api: track, probability: 0.5}
              effect: {type: rate_limit, retry_after: 2}
          - at: 2
            deliver: {metric: bounced, person: bounce@cio-fake.test}
          - from: 8
            chaos: {effect: {type: outage}}
        workload:
          - {at: 1, count: 3, every_ms: 100, request: {path: /signup, body: {id: "u${n}"}}}
          - {request: {path: /health}}
        expect:
          pitfalls: {allowed: [missing-email]}
          no_data_lost: {}
          failures_retried: {include_rate_limited: false}
          suppressed: {within_seconds: 3}
          latency: {max_ms: 200, probe: {path: /health}}
        """, null);

    assertThat(s.name()).isEqualTo("full");
    assertThat(s.description()).isEqualTo("Everything at once.");
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.settleSeconds()).as("default").isEqualTo(5);
    assertThat(s.workspace().siteId()).isEqualTo("shop");
    assertThat(s.workspace().trackApiKey()).as("default").isEqualTo("cio-fake-track-key");
    assertThat(s.workspace().people()).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo("42");
      assertThat(p.attributes().get("plan").asText()).isEqualTo("pro");
    });
    assertThat(s.workspace().webhook()).isEqualTo(new Scenario.Webhook("/hooks", null, "s3cret"));
    assertThat(s.workspace().settings().rateLimits()).containsEntry("track", "50/s");
    assertThat(s.workspace().settings().deliveryProblemGraceSeconds()).isEqualTo(1.5);
    assertThat(s.sut().command()).containsExactly("node", "server.js");
    assertThat(s.sut().readyPath()).isEqualTo("/health");

    assertThat(s.timeline()).hasSize(3);
    Scenario.ChaosWindow storm = (Scenario.ChaosWindow) s.timeline().get(0);
    assertThat(storm.toRule(7).toString()).isEqualTo("{\"match\":{\"api\":\"track\",\"probability\":0.5,"
        + "\"for_seconds\":5.0},\"effect\":{\"type\":\"rate_limit\",\"retry_after\":2},\"seed\":7}");
    assertThat(s.timeline().get(1)).isEqualTo(new Scenario.Delivery(2, "bounced", "bounce@cio-fake.test", null, null,
        null));
    Scenario.ChaosWindow outage = (Scenario.ChaosWindow) s.timeline().get(2);
    assertThat(outage.toRule(8).toString()).as("open to the end").isEqualTo(
        "{\"match\":{\"after_seconds\":8.0},\"effect\":{\"type\":\"outage\"},\"seed\":8}");

    assertThat(s.workload().get(0).count()).isEqualTo(3);
    assertThat(s.workload().get(0).request().method()).as("a body means POST").isEqualTo("POST");
    assertThat(s.workload().get(1).request().method()).isEqualTo("GET");
    assertThat(s.expect().pitfalls().allowed()).containsExactly("missing-email");
    assertThat(s.expect().noDataLost().apis()).containsExactly("track");
    assertThat(s.expect().failuresRetried()).isEqualTo(new Scenario.FailuresRetried(false, 1));
    assertThat(s.expect().suppressed()).isEqualTo(new Scenario.Suppressed(3, List.of("bounced", "spammed"), 1));
    assertThat(s.expect().latency().to()).as("defaults to the end of the timeline").isEqualTo(10);
    assertThat(s.expect().latency().everyMs()).isEqualTo(250);
  }

  @Test
  void aYamlSyntaxErrorGivesItsLineAndColumnWithoutTheParsersNoise() {
    Problem p = only("""
        name: broken
        duration_seconds: 2
        timeline:
          - from: 0
            chaos: {effect: {type: outage}
        expect: {pitfalls: {}}
        """);

    assertThat(p.line()).as(p.toString()).isEqualTo(6);
    assertThat(p.column()).isEqualTo(1);
    assertThat(p.format("s.yaml")).isEqualTo("s.yaml:6:1: not valid YAML: while parsing a flow mapping (opened at "
        + "line 5, column 12) expected ',' or '}', but got <scalar>");
  }

  @Test
  void aTabIndentAndAnAliasAreExplainedWhereTheyAre() {
    Problem tab = only("name: tabs\n\tduration_seconds: 2\nexpect: {pitfalls: {}}\n");
    assertThat(tab.line()).isEqualTo(2);
    assertThat(tab.column()).isEqualTo(1);
    assertThat(tab.message()).contains("Do not use \\t(TAB) for indentation");

    Problem alias = only("name: a\nduration_seconds: &d 2\nsettle_seconds: *d\nexpect: {pitfalls: {}}\n");
    assertThat(alias.line()).isEqualTo(3);
    assertThat(alias.message()).isEqualTo("YAML aliases (*d) are not supported in scenario files; write the value out");
  }

  @Test
  void anUnknownKeyIsShownWhereItIsWithASuggestion() {
    Problem p = only("""
        name: typo
        duration_seconds: 2
        timeline:
          - from: 0
            chaos:
              efect: {type: outage}
        expect: {pitfalls: {}}
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.column()).isEqualTo(7);
    assertThat(p.message()).contains("timeline[0].chaos: unknown key 'efect' (did you mean 'effect'?); allowed here: "
        + "effect, match");
  }

  @Test
  void aValueOfTheWrongTypeOrOutsideItsChoicesIsShownAtTheValue() {
    List<Problem> problems = bad("""
        name: values
        duration_seconds: soon
        timeline:
          - from: 1
            chaos:
              effect: {type: outgae}
        expect: {pitfalls: {}}
        """).problems();

    assertThat(problems).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, 19, "duration_seconds must be a number, got the string 'soon'"),
        org.assertj.core.groups.Tuple.tuple(6, 22, "timeline[0].chaos.effect.type must be one of latency, error, "
            + "rate_limit, outage, fault, slow_body, got 'outgae' (did you mean 'outage'?)"));
  }

  @Test
  void aMissingRequiredKeyNamesIt() {
    Problem p = only("""
        name: nothing-expected
        duration_seconds: 2
        """);

    assertThat(p.message()).isEqualTo("'expect' is required");
    assertThat(p.line()).isEqualTo(1);
  }

  @Test
  void aDuplicateKeyIsAnErrorRatherThanASilentOverwrite() {
    Problem p = only("""
        name: twice
        duration_seconds: 2
        duration_seconds: 3
        expect: {pitfalls: {}}
        """);

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).isEqualTo("duplicate key 'duration_seconds' (first at line 2)");
  }

  @Test
  void whatTheSchemaCannotSayIsCheckedWithPositionsToo() {
    List<Problem> problems = bad("""
        name: semantics
        duration_seconds: 5
        timeline:
          - from: 3
            to: 2
            chaos: {effect: {type: outage}}
          - at: 1
            chaos: {effect: {type: outage}}
          - at: 9
            deliver: {metric: bounced, person: "1"}
          - from: 1
            chaos: {effect: {type: latency}}
          - at: 1
        workload:
          - {at: 6, request: {path: /x}}
          - {at: 1, count: 10, every_ms: 500, request: {path: /x}}
        expect:
          latency: {max_ms: 10, probe: {path: /x}, from: 4, to: 3}
        """).problems();

    assertThat(problems).extracting(Problem::line).containsExactly(5, 7, 9, 12, 13, 15, 16, 18);
    assertThat(problems).extracting(Problem::message).containsExactly(
        "timeline[0]: to (2 s) must be after from (3 s)",
        "timeline[1]: a chaos window takes from and to, not at",
        "timeline[2]: at 9 s is after the end of the timeline (duration_seconds 5)",
        "timeline[3].chaos: the fake refuses this rule: a latency effect needs fixed_ms, min_ms and max_ms, or "
            + "median_ms",
        "timeline[4]: give either chaos (with from and to) or deliver (with at)",
        "workload[0].at: 6 s is after the end of the timeline (duration_seconds 5)",
        "workload[1]: its last call comes at 5.5 s, after the end of the timeline (duration_seconds 5); lower count "
            + "or every_ms",
        "expect.latency: to (3 s) must be after from (4 s)");
  }

  @Test
  void emptyFilesSecondDocumentsAndNonMappingsAreExplained() {
    assertThat(only("").message()).startsWith("the file is empty");
    assertThat(only("- a\n- b\n").message()).startsWith("a scenario is a mapping");
    Problem second = only(MINIMAL + "---\nname: other\n");
    assertThat(second.line()).as("the second document's first line").isEqualTo(6);
    assertThat(second.message()).contains("one YAML document");
  }

  @Test
  void aMissingFileNamesTheShippedSuitesAndAFileIsReadWithItsFolderForCwd(@TempDir Path dir) throws Exception {
    ScenarioFileException missing = catchThrowableOfType(ScenarioFileException.class,
        () -> ScenarioParser.load(dir.resolve("nope.yaml").toString()));
    assertThat(missing.getMessage()).endsWith("nope.yaml: no such file or shipped suite; shipped suites: "
        + "rate-limit-burst, outage-and-recovery, slow-api, bounce-handling, complaint-handling, "
        + "bad-credentials-and-timestamps, everything, pipelines-flush");
    assertThat(catchThrowableOfType(ScenarioFileException.class, () -> ScenarioParser.load("outage-and-recovry"))
        .getMessage()).contains("did you mean 'outage-and-recovery'?");

    Path f = dir.resolve("s.yaml");
    Files.writeString(f, MINIMAL + "sut: {command: [node, server.js], cwd: app}\n");
    assertThat(ScenarioParser.load(f.toString()).sut().cwd()).isEqualTo(dir.toAbsolutePath().resolve("app")
        .toString());
  }

  @Test
  void aWorkspaceFileIsReadFromTheScenariosFolderAndABadOneIsAProblem(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("shop.yaml"), "segments:\n  - {id: 7, name: VIPs, type: manual}\n");
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, MINIMAL + "workspace: {file: shop.yaml}\n");
    assertThat(ScenarioParser.load(f.toString()).workspace().file())
        .isEqualTo(dir.toAbsolutePath().resolve("shop.yaml").toString());
    assertThat(ScenarioParser.parse("s.yaml", MINIMAL, null).workspace().file()).isNull();

    Files.writeString(dir.resolve("bad.yaml"), "segments:\n  - {name: no id}\n");
    Files.writeString(f, MINIMAL + "workspace: {file: bad.yaml}\n");
    ScenarioFileException e = catchThrowableOfType(ScenarioFileException.class,
        () -> ScenarioParser.load(f.toString()));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("workspace.file bad.yaml")
        .contains("every item needs an id"));
    Files.writeString(f, MINIMAL + "workspace: {file: missing.yaml}\n");
    assertThat(catchThrowableOfType(ScenarioFileException.class, () -> ScenarioParser.load(f.toString()))
        .problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("cannot read"));
  }

  @Test
  void theSchemaIsPublishedWithDescriptionsForEditors() throws Exception {
    var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ScenarioParser.schemaText());
    Path onDisk = Path.of(System.getProperty("cio-fake.scenarios.dir", "."), "schema", "scenario.schema.json");

    assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(ScenarioParser.schemaText()).isEqualTo(Files.readString(onDisk));
    for (String def : List.of("workspace", "sut", "timelineItem", "chaos", "deliver", "request", "workloadItem",
        "expect")) {
      var properties = schema.path("$defs").path(def).path("properties");
      assertThat(properties.size()).as(def).isPositive();
      properties.properties().forEach(e -> assertThat(e.getValue().has("description") || e.getValue().has("$ref"))
          .as("%s.%s has a description", def, e.getKey()).isTrue());
    }
  }

  @Test
  void theFormatExampleOfTheReadmeIsAValidScenario() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("cio-fake.scenarios.dir", ".")).resolve(
        "../README.md"));
    int section = readme.indexOf("### The format");
    assertThat(section).as("README has the format section").isPositive();
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));

    Scenario s = ScenarioParser.parse("README.md", yaml, null);

    assertThat(s.timeline()).hasSize(2);
    assertThat(s.expect().latency()).isNotNull();
    assertThat(s.expect().suppressed().withinSeconds()).isEqualTo(2);
  }
}
