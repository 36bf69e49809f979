package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inline suppressions need a reason; a baseline absorbs known findings and survives lines moving. */
class SuppressionAndBaselineTest {
  private static final Path TREE = Fixtures.ROOT.resolve("suppressions");

  @Test
  void aSuppressionWithAReasonSilencesAndOneWithoutIsReported() throws Exception {
    AuditResult r = Auditor.run(Fixtures.options(TREE).withEslint(false));
    // config.yaml: line 3 is suppressed with a reason (the comment above it), line 4 by its own comment without one
    assertThat(Fixtures.actual(r)).filteredOn(e -> e.startsWith("config.yaml"))
        .containsExactly("config.yaml:4 hardcoded-credentials", "config.yaml:4 suppression-without-reason");
    assertThat(r.suppressed()).isEqualTo(1);
  }

  @Test
  void eslintDirectivesAndAuditCommentsInJavaScript() throws Exception {
    Fixtures.assumeEslint();
    AuditResult r = Auditor.run(Fixtures.options(TREE));
    assertThat(Fixtures.actual(r)).filteredOn(e -> e.startsWith("worker.js")).containsExactlyInAnyOrder(
        "worker.js:9 millisecond-timestamp", "worker.js:9 suppression-without-reason",
        "worker.js:13 millisecond-timestamp", "worker.js:13 suppression-without-reason");
    // line 8 (audit comment with a reason), line 11 (eslint-disable with a reason), config.yaml:3
    assertThat(r.suppressed()).isEqualTo(3);
  }

  @Test
  void aBaselineAbsorbsKnownFindingsAndReportsOnlyNewOnes(@TempDir Path tmp) throws Exception {
    Path copy = tmp.resolve("shop");
    try (Stream<Path> s = Files.walk(Fixtures.SHOP)) {
      for (Path p : s.toList()) {
        Path t = copy.resolve(Fixtures.SHOP.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    AuditResult before = Auditor.run(Fixtures.options(copy).withEslint(false));
    Path baseline = tmp.resolve("baseline.json");
    Baseline.write(baseline, before.findings(), before.fingerprints());
    assertThat(Files.readString(baseline)).doesNotContain("3fa9c1d2e4b5a6f70812");

    AuditResult same = Auditor.run(Fixtures.options(copy).withEslint(false).withBaseline(baseline));
    assertThat(same.findings()).isEmpty();
    assertThat(same.baselined()).isEqualTo(before.findings().size());

    // lines move above the known findings, and one new mistake arrives
    Path yaml = copy.resolve("campaigns/onboarding.yaml");
    Files.writeString(yaml, "# moved\n# down\n" + Files.readString(yaml));
    Files.writeString(copy.resolve(".env"), "CIO_TRACK_API_KEY=0a1b2c3d4e5f60718293\n", StandardOpenOption.APPEND);
    AuditResult after = Auditor.run(Fixtures.options(copy).withEslint(false).withBaseline(baseline));
    assertThat(Fixtures.actual(after)).containsExactly(".env:6 hardcoded-credentials");
    assertThat(after.baselined()).isEqualTo(before.findings().size());
  }

  @Test
  void aBaselineThatIsNotOneIsRefused(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("b.json");
    Files.writeString(bad, "{\"something\": 1}");
    AuditCommandTest.Run r = AuditCommandTest.run("--baseline", bad.toString(), TREE.toString());
    assertThat(r.exit()).isEqualTo(AuditCommand.USAGE);
    assertThat(r.err()).contains("is not a cio-fake audit baseline");
  }
}
