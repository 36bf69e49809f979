package dev.ciofake.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cio-fake audit [DIR...]}: reads a repository's source and reports the Customer.io mistakes that can be seen
 * before anything runs. Exit code 0 when no finding reaches {@code --fail-on}, 1 when one does, 2 for bad usage.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
    versionProvider = AuditCommand.Version.class,
    description = {"Reads a repository's source and reports Customer.io integration mistakes, statically: JS/TS "
        + "(eslint-plugin-customerio, run with Node when it is on the PATH), Java (JavaParser), credentials in any "
        + "text file and in committed .env files (masked), email templates without {{{ unsubscribe_url }}}, and "
        + "campaign triggers that fire on every identify. Finding ids are cio-fake's pitfall ids; see docs/audit.md.",
        "Exit code: 0 when no finding reaches --fail-on, 1 when one does, 2 for bad usage (an unknown option, a "
            + "missing directory, an unreadable baseline)."},
    footer = {"", "Suppress one finding with a comment on its line or the line above, reason required:",
        "  // cio-audit-ignore millisecond-timestamp -- the importer converts to seconds server-side",
        "", "Examples:",
        "  java -jar cio-fake.jar audit .",
        "  java -jar cio-fake.jar audit --format sarif --output cio-audit.sarif src/",
        "  java -jar cio-fake.jar audit --write-baseline .cio-audit-baseline.json . && "
            + "java -jar cio-fake.jar audit --baseline .cio-audit-baseline.json ."})
public final class AuditCommand implements Callable<Integer> {
  /** No finding at or above the threshold. */
  public static final int CLEAN = 0;
  /** A finding at or above the threshold. */
  public static final int FINDINGS = 1;
  /** Bad usage. */
  public static final int USAGE = 2;

  @Parameters(paramLabel = "DIR", arity = "0..*", description = "Directories or files to audit (default: .).")
  List<Path> dirs = new ArrayList<>();

  @Option(names = "--format", paramLabel = "text|json|sarif", defaultValue = "text",
      description = "Report format (default ${DEFAULT-VALUE}). With --output, the text report still goes to stdout.")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the --format report to FILE.")
  Path output;

  @Option(names = "--fail-on", paramLabel = "error|warning|never", defaultValue = "error",
      description = "Exit 1 when a finding of this severity or worse remains (default ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Findings listed in this baseline are accepted: not reported, not failing.")
  Path baseline;

  @Option(names = "--write-baseline", paramLabel = "FILE",
      description = "Write the current findings as a baseline to FILE and exit 0.")
  Path writeBaseline;

  @Option(names = "--exclude", paramLabel = "GLOB",
      description = "Skip paths matching GLOB (relative to a DIR, e.g. 'legacy/**'), repeatable.")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--no-default-excludes",
      description = "Also read node_modules, target, build, dist, .git and the other folders skipped by default.")
  boolean noDefaultExcludes;

  @Option(names = "--node", paramLabel = "PATH", description = "Node.js 18+ to run the ESLint checks with "
      + "(default: CIO_FAKE_NODE, else node on the PATH).")
  String node;

  @Option(names = "--no-eslint", description = "Skip the JS/TS checks (they need Node).")
  boolean noEslint;

  @Option(names = "--event-name-case", paramLabel = "CASE",
      description = "Casing of event names: snake_case (default), camelCase, PascalCase, kebab-case, 'Title Case'.")
  String eventNameCase;

  @Option(names = "--progress", paramLabel = "auto|live|plain|quiet", defaultValue = "auto",
      description = "Progress line on stderr: auto (for " + Progress.AUTO_THRESHOLD + "+ files: live on a terminal, "
          + "plain elsewhere), live, plain, quiet (default ${DEFAULT-VALUE}).")
  String progress;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String fmt = format.trim().toLowerCase(Locale.ROOT);
    if (!List.of("text", "json", "sarif").contains(fmt)) {
      return usage(err, "--format takes text, json or sarif, got '" + format + "'");
    }
    String threshold = failOn.trim().toLowerCase(Locale.ROOT);
    if (!List.of("error", "warning", "never").contains(threshold)) {
      return usage(err, "--fail-on takes error, warning or never, got '" + failOn + "'");
    }
    Progress.Mode mode;
    try {
      mode = Progress.Mode.valueOf(progress.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return usage(err, "--progress takes auto, live, plain or quiet, got '" + progress + "'");
    }
    if (eventNameCase != null && !List.of("snake_case", "camelCase", "PascalCase", "kebab-case", "Title Case")
        .contains(eventNameCase)) {
      return usage(err, "--event-name-case takes snake_case, camelCase, PascalCase, kebab-case or 'Title Case', got '"
          + eventNameCase + "'");
    }
    List<Path> roots = dirs.isEmpty() ? List.of(Path.of(".")) : dirs;
    for (Path d : roots) {
      if (!Files.exists(d)) {
        return usage(err, "no such file or directory: " + d);
      }
    }
    if (baseline != null && !Files.isRegularFile(baseline)) {
      return usage(err, "no baseline file " + baseline + " (write one with --write-baseline)");
    }
    Path cwd = Path.of("").toAbsolutePath().normalize();
    Auditor.Options options = new Auditor.Options(roots, excludes, !noDefaultExcludes, node, !noEslint,
        eventNameCase, baseline, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), cwd);
    AuditResult result;
    PrintStream stderr = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    try (Progress p = new Progress(mode, stderr)) {
      result = Auditor.run(options, p);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("baseline")) {
        return usage(err, e.getMessage());
      }
      err.println("cio-fake audit: " + e.getMessage());
      err.flush();
      return USAGE;
    }
    String version = version();
    try {
      if (writeBaseline != null) {
        Baseline.write(writeBaseline, result.findings(), result.fingerprints());
        out.println("cio-fake audit: wrote " + result.findings().size() + " finding(s) to the baseline "
            + writeBaseline);
        out.flush();
        return CLEAN;
      }
      String report = switch (fmt) {
        case "json" -> AuditReports.json(result, version);
        case "sarif" -> AuditReports.sarif(result, version, cwd);
        default -> AuditReports.text(result, version);
      };
      if (output != null) {
        if (output.toAbsolutePath().getParent() != null) {
          Files.createDirectories(output.toAbsolutePath().getParent());
        }
        Files.writeString(output, report, StandardCharsets.UTF_8);
        out.print(AuditReports.text(result, version));
        if (!fmt.equals("text")) {
          out.println("cio-fake audit: " + fmt + " report written to " + output);
        }
      } else {
        out.print(report);
      }
      out.flush();
    } catch (IOException e) {
      err.println("cio-fake audit: cannot write " + e.getMessage());
      err.flush();
      return USAGE;
    }
    return failing(result, threshold) ? FINDINGS : CLEAN;
  }

  static boolean failing(AuditResult r, String threshold) {
    return switch (threshold) {
      case "never" -> false;
      case "warning" -> !r.findings().isEmpty();
      default -> r.findings().stream().anyMatch(f -> f.severity() == dev.ciofake.Severity.ERROR);
    };
  }

  private int usage(PrintWriter err, String message) {
    err.println("cio-fake audit: " + message);
    err.println("Usage: cio-fake audit [OPTIONS] [DIR...]   (--help for every option)");
    err.flush();
    return USAGE;
  }

  /** This module's version (from the build). */
  static String version() {
    try (InputStream in = AuditCommand.class.getResourceAsStream("audit.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cio-fake audit " + version()};
    }
  }
}
