package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the plugin's own ESLint RuleTester suite ({@code node --test tests/} in eslint-plugin-customerio: the
 * catalog's wrong and right examples, the client shapes, and the fixture shop) as part of the Maven build, and
 * checks the bundle the build packed. Skips, saying why, where {@code npm ci} has not installed the plugin's tools.
 */
class EslintPluginTest {
  private static final Path PLUGIN = Path.of(System.getProperty("cio-fake.audit.plugin-dir", "eslint-plugin-customerio"));

  @Test
  void theRuleTesterSuitePasses() throws Exception {
    assumeTrue(Files.exists(PLUGIN.resolve("node_modules/eslint/package.json")),
        "eslint-plugin-customerio's tools are not installed: run npm ci --prefix audit/eslint-plugin-customerio");
    Process p = new ProcessBuilder("node", "--test", "tests/").directory(PLUGIN.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    Matcher pass = Pattern.compile("(?m)^# pass (\\d+)$").matcher(out);
    Matcher fail = Pattern.compile("(?m)^# fail (\\d+)$").matcher(out);
    assertThat(pass.find() && fail.find()).as(out).isTrue();
    assertThat(Integer.parseInt(fail.group(1))).as(out).isZero();
    assertThat(Integer.parseInt(pass.group(1))).as("RuleTester cases").isGreaterThan(100);
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void theBuildPackedTheBundleWhereTheToolsAreInstalled() {
    assumeTrue(Files.exists(PLUGIN.resolve("node_modules/.package-lock.json")),
        "eslint-plugin-customerio's tools are not installed, so the build made no bundle");
    assertThat(EslintBridge.bundled()).as("resource " + EslintBridge.BUNDLE).isTrue();
    assertThat(EslintBridge.class.getClassLoader().getResource("dev/ciofake/audit/eslint/cio-audit-eslint.packages.txt"))
        .isNotNull();
  }
}
