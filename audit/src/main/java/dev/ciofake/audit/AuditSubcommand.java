package dev.ciofake.audit;

import dev.ciofake.cli.CioFakeSubcommand;

/**
 * Registers {@code audit} as a subcommand of {@code java -jar cio-fake.jar}: listed in
 * {@code META-INF/services/dev.ciofake.cli.CioFakeSubcommand}, found by {@code CioFakeMain} with ServiceLoader.
 */
public final class AuditSubcommand implements CioFakeSubcommand {
  @Override
  public Object command() {
    return new AuditCommand();
  }
}
