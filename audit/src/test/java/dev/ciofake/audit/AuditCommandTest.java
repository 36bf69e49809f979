package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.cli.CioFakeMain;
import dev.ciofake.cli.CioFakeSubcommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: formats, exit codes 0/1/2, --fail-on, --output, default excludes, the ServiceLoader hook. */
class AuditCommandTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AuditCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String shop() {
    return Fixtures.SHOP.toString();
  }

  @Test
  void auditIsASubcommandOfCioFakeThroughTheServiceLoaderHook() {
    assertThat(ServiceLoader.load(CioFakeSubcommand.class).stream().map(p -> p.type().getName()))
        .contains(AuditSubcommand.class.getName());
    CommandLine main = CioFakeMain.commandLine(new CioFakeMain());
    assertThat(main.getSubcommands()).containsKey("audit");
    StringWriter out = new StringWriter();
    main.setOut(new PrintWriter(out));
    assertThat(main.execute("audit", "--help")).isZero();
    assertThat(out.toString()).contains("--fail-on").contains("--baseline").contains("sarif");
  }

  @Test
  void exitCodesFollowFailOn() {
    assertThat(run("--no-eslint", "--progress", "quiet", shop()).exit()).isEqualTo(AuditCommand.FINDINGS);
    assertThat(run("--no-eslint", "--fail-on", "never", shop()).exit()).isEqualTo(AuditCommand.CLEAN);
    Path clean = Fixtures.SHOP.resolve("templates/emails/welcome.liquid");
    assertThat(run("--no-eslint", "--fail-on", "warning", clean.toString()).exit()).isEqualTo(AuditCommand.CLEAN);
    Path warningOnly = Fixtures.SHOP.resolve("templates/emails/newsletter.html");
    assertThat(run("--fail-on", "error", warningOnly.toString()).exit()).isEqualTo(AuditCommand.CLEAN);
    assertThat(run("--fail-on", "warning", warningOnly.toString()).exit()).isEqualTo(AuditCommand.FINDINGS);
  }

  @Test
  void badUsageExitsTwoWithAMessage() {
    Run missing = run("/no/such/dir");
    assertThat(missing.exit()).isEqualTo(AuditCommand.USAGE);
    assertThat(missing.err()).contains("no such file or directory: /no/such/dir");
    assertThat(run("--format", "xml", shop()).exit()).isEqualTo(AuditCommand.USAGE);
    assertThat(run("--fail-on", "sometimes", shop()).exit()).isEqualTo(AuditCommand.USAGE);
    assertThat(run("--no-such-option", shop()).exit()).isEqualTo(AuditCommand.USAGE);
    Run baseline = run("--baseline", "/no/baseline.json", shop());
    assertThat(baseline.exit()).isEqualTo(AuditCommand.USAGE);
    assertThat(baseline.err()).contains("no baseline file");
  }

  @Test
  void withoutNodeTheJsFilesAreNamedAsSkippedAndEverythingElseIsChecked() {
    Run r = run("--node", "/no/such/node", "--format", "json", Fixtures.SHOP.toString());
    assertThat(r.exit()).isEqualTo(AuditCommand.FINDINGS);
    assertThat(r.out()).contains("JavaScript/TypeScript: 6 file(s) that mention Customer.io were not checked: the Node "
        + "executable /no/such/node does not exist or cannot run").contains("campaign-trigger-on-identify");
  }

  @Test
  void textIsGroupedByFileWithTheFix() {
    Run r = run("--no-eslint", Fixtures.SHOP.resolve("campaigns").toString());
    assertThat(r.out()).contains("campaigns/onboarding.yaml\n  9:1  error    campaign-trigger-on-identify")
        .contains("fix: Trigger campaigns on a specific event").contains("score 85/100");
  }

  @Test
  void jsonHasIssuesWarningsAndTheScore(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("audit.json");
    Run r = run("--no-eslint", "--format", "json", "--output", out.toString(), shop());
    assertThat(r.exit()).isEqualTo(AuditCommand.FINDINGS);
    assertThat(r.out()).contains("json report written to");
    JsonNode j = new ObjectMapper().readTree(Files.readString(out));
    assertThat(j.get("issues")).isNotEmpty();
    assertThat(j.get("warnings")).isNotEmpty();
    assertThat(j.get("issues")).allSatisfy(i -> assertThat(i.get("severity").asText()).isEqualTo("error"));
    assertThat(j.get("warnings")).allSatisfy(i -> assertThat(i.get("severity").asText()).isEqualTo("warning"));
    // hardcoded-credentials, campaign-trigger-on-identify, millisecond-timestamp, track-before-identify: 4 errors;
    // no-connection-reuse, missing-unsubscribe-link: 2 warnings
    assertThat(j.get("score").asInt()).isEqualTo(100 - 4 * 15 - 2 * 5);
    assertThat(j.get("skipped").get(0).asText()).contains("--no-eslint");
    JsonNode first = j.get("issues").get(0);
    assertThat(first.fieldNames()).toIterable().contains("id", "file", "line", "column", "message", "fix", "docs",
        "fingerprint");
  }

  @Test
  void defaultExcludesSkipInstalledAndGeneratedFolders(@TempDir Path tmp) throws Exception {
    String leak = "CUSTOMERIO_API_KEY=9f8e7d6c5b4a39281706\n";
    for (String dir : new String[] {"node_modules/x", "target", ".git", "dist"}) {
      Files.createDirectories(tmp.resolve(dir));
      Files.writeString(tmp.resolve(dir).resolve("config.env"), leak);
    }
    assertThat(run("--progress", "quiet", tmp.toString()).exit()).isEqualTo(AuditCommand.CLEAN);
    Run all = run("--no-default-excludes", "--format", "json", tmp.toString());
    assertThat(all.exit()).isEqualTo(AuditCommand.FINDINGS);
    assertThat(all.out()).contains("node_modules/x/config.env").doesNotContain("9f8e7d6c5b4a39281706");
    assertThat(run("--exclude", "legacy/**", "--exclude", "*.env", "--no-default-excludes", tmp.toString()).exit())
        .isEqualTo(AuditCommand.CLEAN);
  }
}
