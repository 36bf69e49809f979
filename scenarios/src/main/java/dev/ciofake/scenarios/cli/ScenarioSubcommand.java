package dev.ciofake.scenarios.cli;

import dev.ciofake.scenarios.internal.cli.ScenarioCommand;
import dev.ciofake.cli.CioFakeSubcommand;

/**
 * Registers {@code scenario} as a subcommand of {@code java -jar cio-fake.jar}: listed in
 * {@code META-INF/services/dev.ciofake.cli.CioFakeSubcommand}, found by {@code CioFakeMain} with ServiceLoader.
 */
public final class ScenarioSubcommand implements CioFakeSubcommand {
  @Override
  public Object command() {
    return new ScenarioCommand();
  }
}
