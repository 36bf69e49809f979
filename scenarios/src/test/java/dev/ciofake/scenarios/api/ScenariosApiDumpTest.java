package dev.ciofake.scenarios.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.Scenario;
import dev.ciofake.testing.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API of the scenarios module is frozen in {@code scenarios/api/cio-fake-scenarios.api}; a changed public
 * signature fails here until the dump is rewritten with {@code -Dcio-fake.api.update=true} and committed.
 */
class ScenariosApiDumpTest {

  @Test
  void thePublicApiIsTheCheckedInOne() throws Exception {
    ApiDump.check(Scenario.class, Path.of("api/cio-fake-scenarios.api"));
  }

  @Test
  void theDumpNamesTheRunnerAndTheSubcommand() {
    assertThat(ApiDump.of(Scenario.class)).contains("dev.ciofake.scenarios.run.ScenarioRunner",
        "dev.ciofake.scenarios.cli.ScenarioSubcommand");
  }
}
