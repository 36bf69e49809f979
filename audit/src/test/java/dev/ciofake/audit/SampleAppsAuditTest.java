package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * This repository's own sample integrations: the audit reports the naive variants' mistakes and nothing for the
 * resilient ones (the Node sample app's two variants share one file; the Java sample's mistakes are the
 * subclasses of {@code FlawedSignupServices}, its correct service is {@code SignupService}).
 */
class SampleAppsAuditTest {
  private static final Path NODE_APP = Fixtures.REPO.resolve("scenarios/sample-app");
  private static final Path JAVA_SAMPLE = Fixtures.REPO.resolve("contract-tests/src/test/java/dev/ciofake/sample");

  private static int lineOf(Path file, String text) throws Exception {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text + " in " + file);
  }

  @Test
  void theNodeSampleAppsNaiveVariantBlocksOnCustomerIoAndTheResilientOneIsClean() throws Exception {
    Fixtures.assumeEslint();
    Path server = NODE_APP.resolve("server.js");
    AuditResult r = Auditor.run(Fixtures.options(NODE_APP));
    // the naive variant awaits Customer.io inside the request handler; everything else of the file is resilient
    assertThat(Fixtures.actual(r)).containsExactly("server.js:"
        + lineOf(server, "await (path === '/signup' ? signupNaive(input) : purchaseNaive(input));")
        + " blocking-analytics-call");
  }

  @Test
  void theJavaSamplesFlawedServicesAreReportedAndSignupServiceIsClean() throws Exception {
    Path flawed = JAVA_SAMPLE.resolve("FlawedSignupServices.java");
    AuditResult r = Auditor.run(Fixtures.options(JAVA_SAMPLE));
    assertThat(Fixtures.actual(r)).containsExactlyInAnyOrder(
        "FlawedSignupServices.java:" + lineOf(flawed, "return System.currentTimeMillis();") + " millisecond-timestamp",
        "FlawedSignupServices.java:" + lineOf(flawed, "return trackSignup(userId, email, plan).thenCompose")
            + " track-before-identify",
        "FlawedSignupServices.java:" + lineOf(flawed, "return HttpClient.newHttpClient();") + " no-connection-reuse");
    assertThat(r.findings()).noneMatch(f -> f.file().equals("SignupService.java"));
    assertThat(r.findings()).filteredOn(f -> f.id().equals("millisecond-timestamp")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("returned by timestamp()").contains("System.currentTimeMillis()"));
  }
}
