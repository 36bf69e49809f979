package dev.ciofake.cli;

/**
 * A subcommand that another module adds to {@code java -jar cio-fake.jar} without fake-server depending on it. The
 * module lists its implementation in {@code META-INF/services/dev.ciofake.cli.CioFakeSubcommand}; {@link CioFakeMain}
 * finds it with {@link java.util.ServiceLoader} when the module is on the class path (the scenarios module adds
 * {@code scenario} this way). Without any, {@code cio-fake} runs the fake as before.
 */
public interface CioFakeSubcommand {
  /** The picocli command: an instance of a class annotated with {@code @Command(name = ...)}. */
  Object command();
}
