package dev.ciofake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.Region;
import dev.ciofake.cli.CioFakeMain;
import dev.ciofake.internal.config.Configuration;
import dev.ciofake.internal.config.Configuration.Setting;
import dev.ciofake.testing.OptionFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The one mapping between options and {@code CIO_FAKE_*} variables: every setting travels, and options turned into
 * variables and read back by the command line are the same options. This is what the Testcontainers module and the
 * extension's container mode rely on; {@code ContainerOptionsRoundTripTest} checks the same through a real image.
 */
class ConfigurationTest {

  private static CioFakeOptions parse(Map<String, String> env, String... args) {
    CioFakeMain main = new CioFakeMain(env);
    CommandLine cl = CioFakeMain.commandLine(main);
    cl.parseArgs(args);
    return Configuration.options(valuesOf(main));
  }

  private static Map<String, java.util.List<String>> valuesOf(CioFakeMain main) {
    try {
      var m = CioFakeMain.class.getDeclaredMethod("values");
      m.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<String, java.util.List<String>> v = (Map<String, java.util.List<String>>) m.invoke(main);
      return v;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyTravellingSettingIsSetByTheMaximalOptions() {
    Map<String, String> env = Configuration.toEnvironment(OptionFixtures.everythingChanged());
    Set<String> missing = new HashSet<>();
    for (Setting s : Configuration.all()) {
      if (s.travels() && !env.containsKey(s.env())) {
        missing.add(s.env());
      }
    }
    assertThat(missing).as("settings the round trip would not cover").isEmpty();
  }

  @Test
  void theReadmeTableListsEverySettingWithItsFlagAndDefault() throws Exception {
    String readme = java.nio.file.Files.readString(Path.of("../README.md"));
    String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Where the real service"));
    Map<String, String> defaults = Configuration.describe(CioFakeOptions.defaults());
    for (Setting s : Configuration.all()) {
      String row = table.lines().filter(l -> l.contains("`" + s.env() + "`") || l.contains("`" + s.env() + "="))
          .findFirst().orElse(null);
      assertThat(row).as("README's configuration table has a row for %s", s.env()).isNotNull();
      assertThat(row).as("the row of %s names %s", s.env(), s.flag()).contains(s.flag().replace("--", ""));
      if (s.secret()) {
        continue;
      }
      String expected = s.cliDefault() != null ? s.cliDefault() : defaults.get(s.env());
      String column = row.split("(?<!\\\\)\\|")[3].trim();
      if (expected.isEmpty()) {
        assertThat(column).as("default of %s", s.env()).isEqualTo("none");
      } else if (!s.env().equals("CIO_FAKE_RATE_LIMITS")) {
        assertThat(column).as("default of %s", s.env()).contains(expected);
      }
    }
  }

  @Test
  void optionsTurnedIntoVariablesAndReadBackByTheCommandLineAreTheSame() {
    CioFakeOptions original = OptionFixtures.everythingChanged();
    Map<String, String> env = Configuration.toEnvironment(original);

    CioFakeOptions read = parse(env, "--port", "0");

    assertThat(Configuration.toEnvironment(read)).isEqualTo(env);
    assertThat(Configuration.describe(read)).isEqualTo(Configuration.describe(original).entrySet().stream()
        .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getKey().equals("CIO_FAKE_PORT") ? "0"
            : e.getValue()), Map::putAll));
    assertThat(read.workspaceDefaults()).isEqualTo(original.workspaceDefaults());
    assertThat(read.workspaces()).isEqualTo(original.workspaces());
    assertThat(read.clock().instant()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
  }

  @Test
  void theDefaultsNeedNoVariableAndTheCommandLineDefaultsToPort8091OnLoopback() {
    assertThat(Configuration.toEnvironment(CioFakeOptions.defaults())).isEmpty();

    CioFakeOptions o = parse(Map.of());

    assertThat(o.port()).isEqualTo(8091);
    assertThat(o.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(Configuration.toEnvironment(o)).isEmpty();
  }

  @Test
  void aFlagWinsOverItsVariable() {
    CioFakeOptions o = parse(Map.of("CIO_FAKE_REGION", "eu", "CIO_FAKE_MAX_EVENTS", "10",
        "CIO_FAKE_RATE_LIMITS", "track=5/s"), "--region", "us", "--rate-limit", "app=1/s");

    assertThat(o.workspaceDefaults().region()).isEqualTo(Region.US);
    assertThat(o.maxEventsPerWorkspace()).as("no flag: the variable").isEqualTo(10);
    assertThat(o.workspaceDefaults().rateLimit(RateClass.APP)).isEqualTo(RateLimit.perSecond(1));
    assertThat(o.workspaceDefaults().rateLimit(RateClass.TRACK)).as("the flag replaced the variable")
        .isEqualTo(RateClass.TRACK.defaultLimit());
  }

  @Test
  void rateLimitsOffTravelsAsOff() {
    CioFakeOptions off = CioFakeOptions.builder().rateLimits(false).build();
    assertThat(Configuration.toEnvironment(off)).containsEntry("CIO_FAKE_RATE_LIMITS", "off");
    assertThat(parse(Configuration.toEnvironment(off)).workspaceDefaults().rateLimitsEnabled()).isFalse();
    assertThat(parse(Map.of(), "--no-rate-limits").workspaceDefaults().rateLimitsEnabled()).isFalse();
  }

  @Test
  void optionsThatCannotReachAnotherProcessFailSayingWhatToDoInstead() {
    FakeClock advanced = FakeClock.system().advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> Configuration.toEnvironment(CioFakeOptions.builder().clock(advanced).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advanceClock");
    assertThatThrownBy(() -> Configuration.toEnvironment(CioFakeOptions.builder()
        .tlsKeystore(Path.of("/home/me/keys.p12"), "pw").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CIO_FAKE_TLS_KEYSTORE");
  }

  @Test
  void aBadValueNamesTheFlagAndItsVariable() {
    assertThatThrownBy(() -> parse(Map.of("CIO_FAKE_MAX_EVENTS", "many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-events")
        .hasMessageContaining("many");
    assertThatThrownBy(() -> parse(Map.of("CIO_FAKE_DELIVERY_PROBLEM_GRACE", "soon")))
        .hasMessageContaining("--delivery-problem-grace (CIO_FAKE_DELIVERY_PROBLEM_GRACE)")
        .hasMessageContaining("500ms, 60s, 2m or PT1M");
    assertThatThrownBy(() -> parse(Map.of("CIO_FAKE_CLOCK", "frozen:yesterday")))
        .hasMessageContaining("ISO-8601 instant");
  }

  @Test
  void secretsAreMaskedWhereTheOptionsAreShown() {
    Map<String, String> shown = Configuration.describe(OptionFixtures.everythingChanged());
    assertThat(shown.get("CIO_FAKE_WORKSPACES")).doesNotContain("shop-track-key").doesNotContain("blog-app-key");
    assertThat(shown.get("CIO_FAKE_WEBHOOK_SECRET")).doesNotContain("hook-secret");
    assertThat(shown.get("CIO_FAKE_REGION")).isEqualTo("eu");
  }
}
