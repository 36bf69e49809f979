package dev.ciofake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Region;
import dev.ciofake.WorkspaceCredentials;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line of {@code java -jar cio-fake.jar}, run in-process: help, version, option parsing and errors.
 * The real process (signals, exit code, environment) is tested by {@link CioFakeMainIT}.
 */
class CioFakeMainTest {
  private static final Pattern ENV_VAR = Pattern.compile("CIO_FAKE_[A-Z_]+");

  /** One in-process run: exit code plus what it printed on each stream. */
  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CioFakeMain.commandLine(new CioFakeMain());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariable() {
    Run r = run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    String help = r.out();
    assertThat(help).contains("Usage: cio-fake", "A strict, stateful fake of the Customer.io Track and App APIs.");

    // The options as documented today, each with its variable...
    String[][] documented = {
        {"--port", "CIO_FAKE_PORT"}, {"--bind", "CIO_FAKE_BIND"}, {"--workspace", "CIO_FAKE_WORKSPACES"},
        {"--lenient-timestamps", "CIO_FAKE_LENIENT_TIMESTAMPS"},
        {"--[no-]email-identifiers", "CIO_FAKE_EMAIL_IDENTIFIERS"}, {"--region", "CIO_FAKE_REGION"},
        {"--max-requests", "CIO_FAKE_MAX_REQUESTS"}, {"--max-events", "CIO_FAKE_MAX_EVENTS"},
        {"--max-people", "CIO_FAKE_MAX_PEOPLE"}, {"--max-pitfalls", "CIO_FAKE_MAX_PITFALLS"},
        {"--max-body-bytes", "CIO_FAKE_MAX_BODY_BYTES"}};
    for (String[] o : documented) {
      assertThat(help).as("help lists %s", o[0]).contains(o[0]);
      assertThat(help).as("help names %s", o[1]).contains(o[1]);
    }
    assertThat(help).contains("--help", "--version");

    // ...and every option the command has (including ones added later) names a variable that the help shows.
    CommandLine cl = CioFakeMain.commandLine(new CioFakeMain());
    List<String> checked = new ArrayList<>();
    for (OptionSpec option : cl.getCommandSpec().options()) {
      String shown = option.negatable() ? "--[no-]" + option.longestName().substring(2) : option.longestName();
      assertThat(help).as("help lists %s", shown).contains(shown);
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      Matcher m = ENV_VAR.matcher(String.join(" ", option.description()));
      assertThat(m.find()).as("the description of %s names its CIO_FAKE_* variable", option.longestName()).isTrue();
      assertThat(help).as("help shows %s", m.group()).contains(m.group());
      checked.add(option.longestName());
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(documented.length);
    assertThat(help).contains("Example:", "java -jar cio-fake.jar --port 8091");
  }

  @Test
  void versionPrintsTheVersionOfTheFake() {
    Run r = run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("cio-fake " + CioFakeServer.version())
        .contains("Java " + System.getProperty("java.version"));
    assertThat(CioFakeServer.version()).isNotBlank().isNotEqualTo("dev").doesNotContain("${");
  }

  @Test
  void aWorkspaceWithTwoPartsExitsWith2AndSaysWhy() {
    Run r = run("--port", "0", "--workspace", "a:b");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("workspace must be written site:trackKey:appKey[:pipelinesKey], got 2 part(s)");
    assertThat(r.out()).doesNotContain("started");
  }

  @Test
  void otherBadValuesExitWith2AndSayWhy() {
    Run region = run("--port", "0", "--region", "mars");
    assertThat(region.exitCode()).isEqualTo(2);
    assertThat(region.err()).contains("region must be us or eu, got 'mars'");

    Run cap = run("--port", "0", "--max-events", "0");
    assertThat(cap.exitCode()).isEqualTo(2);
    assertThat(cap.err()).contains("maxEventsPerWorkspace must be positive, got 0");

    Run port = run("--port", "http");
    assertThat(port.exitCode()).isEqualTo(2);
    assertThat(port.err()).contains("--port").contains("http");

    Run unknown = run("--colour");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--colour'");
  }

  @Test
  void aMistypedOptionGetsTheNearestOneSuggested() {
    Run r = run("--max-event", "10");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown options: '--max-event'").contains("Possible solutions:").contains("--max-events")
        .contains("See 'cio-fake --help' for the options.");
  }

  @Test
  void aPortAnotherProcessHoldsExitsWith3AndSaysWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run r = run("--port", String.valueOf(taken.getLocalPort()), "--bind", "127.0.0.1");

      assertThat(r.exitCode()).isEqualTo(CioFakeMain.EXIT_CANNOT_START).isEqualTo(3);
      assertThat(r.err()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
          .contains("--port 0");
      assertThat(r.out()).doesNotContain("started");
    }
  }

  @Test
  void checkSendsOneIdentifyThroughTheStackAndExits0() {
    Run r = run("--port", "0", "--check");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("cio-fake check passed: PUT /api/v1/customers/cio-fake-check")
        .contains("answered HTTP/1.1 200");
    assertThat(r.out()).contains("track_api_key=****").doesNotContain("cio-fake-track-key").doesNotContain("cio-fake-app-key");
  }

  @Test
  void onEveryInterfaceTheBannerSaysTheUrlsAreThisHostsAndNotTheMappedOnes() {
    Run all = run("--port", "0", "--bind", "0.0.0.0", "--check");
    Run loopback = run("--port", "0", "--check");

    assertThat(all.exitCode()).isZero();
    assertThat(all.out()).containsPattern("cio-fake listening on 0\\.0\\.0\\.0:\\d+ \\(every interface\\)")
        .contains("the port mapped to");
    assertThat(loopback.out()).doesNotContain("listening on");
  }

  @Test
  void optionsAreBuiltFromFlags() {
    CioFakeMain main = new CioFakeMain();
    CioFakeMain.commandLine(main).parseArgs(
        "--port", "0", "--bind", "0.0.0.0",
        "--workspace", "shop:shop-track-key:shop-app-key", "--workspace", "blog:blog-track-key:blog-app-key",
        "--lenient-timestamps", "--no-email-identifiers", "--region", "eu",
        "--max-requests", "50", "--max-events", "60", "--max-people", "70", "--max-pitfalls", "80",
        "--max-body-bytes", "4096");

    CioFakeOptions o = main.options();

    assertThat(o.port()).isZero();
    assertThat(o.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(o.workspaces()).containsExactly(
        new WorkspaceCredentials("shop", "shop-track-key", "shop-app-key"),
        new WorkspaceCredentials("blog", "blog-track-key", "blog-app-key"));
    assertThat(o.workspaceDefaults().lenientTimestamps()).isTrue();
    assertThat(o.workspaceDefaults().emailIdentifiers()).isFalse();
    assertThat(o.workspaceDefaults().region()).isEqualTo(Region.EU);
    assertThat(o.maxJournalEntries()).isEqualTo(50);
    assertThat(o.maxEventsPerWorkspace()).isEqualTo(60);
    assertThat(o.maxPeoplePerWorkspace()).isEqualTo(70);
    assertThat(o.maxPitfallsPerWorkspace()).isEqualTo(80);
    assertThat(o.maxBodyBytes()).isEqualTo(4096);
  }

  @Test
  void theEdgeAndAdminProtectionFlagsReachTheOptions() {
    CioFakeMain main = new CioFakeMain();
    CioFakeMain.commandLine(main).parseArgs("--admin-token", "s3cret-token", "--allowed-host", "cio-fake",
        "--allowed-host", "fake.internal,other.internal", "--webhook-host", "app", "--body-read-timeout-ms", "2500",
        "--min-body-rate", "0");

    CioFakeOptions o = main.options();

    assertThat(o.adminToken()).isEqualTo("s3cret-token");
    assertThat(o.allowedHosts()).containsExactly("cio-fake", "fake.internal", "other.internal");
    assertThat(o.webhookHosts()).containsExactly("app");
    assertThat(o.bodyReadTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
    assertThat(o.minBodyDataRate()).isZero();
  }

  @Test
  void withoutFlagsTheOptionsAreTheDocumentedDefaults() {
    Assumptions.assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("CIO_FAKE_")),
        "the defaults can only be seen when no CIO_FAKE_* variable is set in the test's environment");
    CioFakeMain main = new CioFakeMain();
    CioFakeMain.commandLine(main).parseArgs();

    CioFakeOptions o = main.options();

    assertThat(o.port()).isEqualTo(8091);
    assertThat(o.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(o.workspaces()).containsExactly(WorkspaceCredentials.DEFAULT);
    assertThat(o.workspaceDefaults().lenientTimestamps()).isFalse();
    assertThat(o.workspaceDefaults().emailIdentifiers()).isTrue();
    assertThat(o.workspaceDefaults().region()).isEqualTo(Region.US);
    assertThat(o.maxJournalEntries()).isEqualTo(CioFakeOptions.DEFAULT_MAX_JOURNAL_ENTRIES);
    assertThat(o.maxEventsPerWorkspace()).isEqualTo(CioFakeOptions.DEFAULT_MAX_EVENTS_PER_WORKSPACE);
    assertThat(o.maxPeoplePerWorkspace()).isEqualTo(CioFakeOptions.DEFAULT_MAX_PEOPLE_PER_WORKSPACE);
    assertThat(o.maxPitfallsPerWorkspace()).isEqualTo(CioFakeOptions.DEFAULT_MAX_PITFALLS_PER_WORKSPACE);
    assertThat(o.maxBodyBytes()).isEqualTo(CioFakeOptions.DEFAULT_MAX_BODY_BYTES);
    assertThat(o.adminToken()).isNull();
    assertThat(o.allowedHosts()).isEmpty();
    assertThat(o.bodyReadTimeout()).isEqualTo(CioFakeOptions.DEFAULT_BODY_READ_TIMEOUT);
    assertThat(o.minBodyDataRate()).isEqualTo(CioFakeOptions.DEFAULT_MIN_BODY_DATA_RATE);
  }

  @Test
  void aWorkspaceGivenTwiceIsRefusedByTheOptions() {
    CioFakeMain main = new CioFakeMain();
    CioFakeMain.commandLine(main).parseArgs("--workspace", "shop:k1:a1", "--workspace", "shop:k2:a2");

    assertThatThrownBy(main::options).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workspace shop is given twice");
  }
}
