package dev.ciofake.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The fixture repositories under src/test/resources/fixtures and their planted findings. */
final class Fixtures {
  static final Path ROOT = Path.of("src", "test", "resources", "fixtures").toAbsolutePath();
  static final Path SHOP = ROOT.resolve("shop");
  static final Path REPO = Path.of(System.getProperty("cio-fake.repo-root", "..")).toAbsolutePath().normalize();
  private static final Pattern MARKER = Pattern.compile("expect:\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)");
  private static final Pattern JS = Pattern.compile(".*\\.(?:[cm]?js|jsx|[cm]?ts|tsx)$");

  private Fixtures() {}

  /** Every planted finding of a tree as {@code path:line id}, from the markers and expected-findings.txt. */
  static Set<String> expected(Path tree) {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = tree.relativize(f).toString().replace('\\', '/');
        if (rel.equals("README.md") || rel.equals("expected-findings.txt") || rel.contains("node_modules/")) {
          continue;
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = MARKER.matcher(lines.get(i));
          if (m.find()) {
            for (String id : m.group(1).split("\\s*,\\s*")) {
              out.add(rel + ":" + (i + 1) + " " + id);
            }
          }
        }
      }
      Path listed = tree.resolve("expected-findings.txt");
      if (Files.exists(listed)) {
        for (String l : Files.readAllLines(listed, StandardCharsets.UTF_8)) {
          if (!l.isBlank() && !l.startsWith("#")) {
            out.add(l.trim());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static boolean isJs(String entry) {
    return JS.matcher(entry.substring(0, entry.indexOf(':'))).matches();
  }

  /** The findings of a result as {@code path:line id}. */
  static Set<String> actual(AuditResult r) {
    Set<String> out = new TreeSet<>();
    r.findings().forEach(f -> out.add(f.file() + ":" + f.line() + " " + f.id()));
    return out;
  }

  /** Skips (with the reason) when the ESLint half cannot run in this build. */
  static void assumeEslint() {
    EslintBridge.Availability a = EslintBridge.availability(null);
    assumeTrue(a.unavailable() == null, () -> "ESLint half not available: " + a.unavailable());
  }

  static Auditor.Options options(Path tree) {
    return Auditor.Options.of(tree).relativeTo(tree);
  }
}
