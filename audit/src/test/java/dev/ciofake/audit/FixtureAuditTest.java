package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fixture shop (Node/TS with Express, Java with java.net.http, OkHttp and Spring, templates, campaigns, config):
 * the audit reports every planted mistake at its file and line, and nothing else (the correct variants beside them
 * stay clean). The same markers drive the plugin's RuleTester tests.
 */
class FixtureAuditTest {

  @Test
  void everyPlantedMistakeOutsideJsAndTsAndNothingElse() throws Exception {
    AuditResult r = Auditor.run(Fixtures.options(Fixtures.SHOP).withEslint(false));
    Set<String> expected = Fixtures.expected(Fixtures.SHOP).stream().filter(e -> !Fixtures.isJs(e))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual = Fixtures.actual(r).stream().filter(e -> !Fixtures.isJs(e))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(expected).hasSizeGreaterThanOrEqualTo(15);
    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("JavaScript/TypeScript").contains("--no-eslint"));
  }

  @Test
  void everyPlantedMistakeWithTheEslintHalf() throws Exception {
    Fixtures.assumeEslint();
    AuditResult r = Auditor.run(Fixtures.options(Fixtures.SHOP));
    assertThat(Fixtures.actual(r)).containsExactlyElementsOf(Fixtures.expected(Fixtures.SHOP));
    assertThat(r.eslint()).startsWith("eslint-plugin-customerio with Node v");
    assertThat(r.findings()).filteredOn(f -> f.file().endsWith(".ts")).extracting(Finding::analyzer)
        .containsOnly("eslint");
  }

  @Test
  void theCorrectVariantsAreCleanAndFindingsCarryMessageAndFix() throws Exception {
    AuditResult r = Auditor.run(Fixtures.options(Fixtures.SHOP).withEslint(false));
    assertThat(r.findings()).noneMatch(f -> f.file().contains("GoodCustomerIo") || f.file().contains("welcome")
        || f.file().contains("receipt") || f.file().contains("digest") || f.file().contains("web/index.html")
        || f.file().contains(".env.example"));
    assertThat(r.findings()).allSatisfy(f -> {
      assertThat(f.message()).isNotBlank();
      assertThat(f.type().fix()).isNotBlank();
      assertThat(f.line()).isPositive();
    });
  }

  @Test
  void credentialsAreNeverShown() throws Exception {
    AuditResult r = Auditor.run(Fixtures.options(Fixtures.SHOP).withEslint(false));
    String all = AuditReports.text(r, "t") + AuditReports.json(r, "t") + AuditReports.sarif(r, "t", Fixtures.SHOP);
    for (String secret : new String[] {"3fa9c1d2e4b5a6f70812", "b7e2d94c1a3f5e6d8c90", "9c8b7a6f5e4d3c2b1a0f",
        "a7d3f0c9e2b14d6f8a1c3e5b7d9f0a2c"}) {
      assertThat(all).doesNotContain(secret).doesNotContain(secret.substring(0, 12));
    }
    assertThat(r.findings()).filteredOn(f -> f.id().equals("hardcoded-credentials") && f.analyzer().equals("credentials"))
        .allSatisfy(f -> assertThat(f.message()).contains("****"));
  }
}
