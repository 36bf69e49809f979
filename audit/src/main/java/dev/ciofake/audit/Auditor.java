package dev.ciofake.audit;

import dev.ciofake.audit.SourceTree.Kind;
import dev.ciofake.audit.SourceTree.SourceFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Runs an audit: lists the tree, reads each file once (credentials, templates, campaign definitions, Java parsing,
 * the choice of JS/TS files for ESLint) on a small pool, then judges Java across the tree while ESLint runs in Node,
 * and finally applies suppressions and the baseline.
 */
public final class Auditor {
  /** JS/TS files that can hold a finding of the plugin: each rule needs one of these words. */
  private static final Pattern JS_CANDIDATE =
      Pattern.compile("customer[._-]?io|cio|TrackClient|APIClient|PipelinesClient", Pattern.CASE_INSENSITIVE);
  private static final List<String> ANALYZER_ORDER = List.of("eslint", "java", "templates", "campaigns",
      "credentials", "audit");

  /**
   * How to run.
   *
   * @param roots directories (or files) to audit
   * @param excludes extra globs to skip, relative to a root
   * @param defaultExcludes skip node_modules, target, .git and the like
   * @param node Node executable, or null to look for it
   * @param eslint whether to run the ESLint half at all
   * @param eventNameCase the event-name-case rule's casing, or null for its default
   * @param baseline baseline file to subtract, or null
   * @param workers threads (and Node processes) to use
   * @param cwd what reported paths are relative to
   */
  public record Options(List<Path> roots, List<String> excludes, boolean defaultExcludes, String node, boolean eslint,
      String eventNameCase, Path baseline, int workers, Path cwd) {
    /** Defaults for auditing these directories. */
    public static Options of(Path... roots) {
      return new Options(List.of(roots), List.of(), true, null, true, null, null,
          Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
          Path.of("").toAbsolutePath().normalize());
    }

    /** With another working directory for reported paths. */
    public Options relativeTo(Path dir) {
      return new Options(roots, excludes, defaultExcludes, node, eslint, eventNameCase, baseline, workers,
          dir.toAbsolutePath().normalize());
    }

    /** With or without the ESLint half. */
    public Options withEslint(boolean on) {
      return new Options(roots, excludes, defaultExcludes, node, on, eventNameCase, baseline, workers, cwd);
    }

    /** With a baseline. */
    public Options withBaseline(Path file) {
      return new Options(roots, excludes, defaultExcludes, node, eslint, eventNameCase, file, workers, cwd);
    }
  }

  private Auditor() {}

  /** Audits with no progress line. */
  public static AuditResult run(Options o) throws IOException {
    try (Progress p = Progress.quiet()) {
      return run(o, p);
    }
  }

  static AuditResult run(Options o, Progress progress) throws IOException {
    long start = System.nanoTime();
    Baseline baseline = o.baseline() == null ? null : Baseline.read(o.baseline());
    SourceTree.Listing listing = SourceTree.list(o.roots(), o.excludes(), o.defaultExcludes(), o.cwd());
    List<SourceFile> files = listing.files();
    progress.start(files.size());
    List<String> notes = new ArrayList<>();
    if (listing.tooLarge() > 0) {
      notes.add(listing.tooLarge() + " file(s) larger than 2 MB were not read (generated or data files).");
    }

    Map<String, List<Path>> templates = new HashMap<>();
    for (SourceFile f : files) {
      if (f.kind() == Kind.TEMPLATE) {
        templates.computeIfAbsent(TemplateLinter.key(f.path().getFileName().toString()), k -> new ArrayList<>())
            .add(f.path());
      }
    }
    Set<Path> ignoredEnv = gitIgnored(files.stream().filter(f -> f.kind() == Kind.ENV).map(SourceFile::path)
        .toList());
    if (!ignoredEnv.isEmpty()) {
      notes.add(ignoredEnv.size() + " .env file(s) that git ignores were not judged (they are not committed).");
    }

    ConcurrentLinkedQueue<Finding> found = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<JavaAnalyzer.Unit> units = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Path> jsFiles = new ConcurrentLinkedQueue<>();
    AtomicInteger javaUnparsed = new AtomicInteger();
    AtomicInteger binary = new AtomicInteger();
    ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    ForkJoinPool pool = new ForkJoinPool(o.workers());
    try {
      pool.submit(() -> files.parallelStream().forEach(f -> {
        try {
          String text = read(f.path());
          if (text == null) {
            binary.incrementAndGet();
            return;
          }
          List<String> lines = lines(text);
          if (!(f.kind() == Kind.ENV && ignoredEnv.contains(f.path()))) {
            CredentialScanner.scan(f.display(), lines, f.kind() == Kind.ENV, found::add);
          }
          switch (f.kind()) {
            case TEMPLATE -> TemplateLinter.lint(f.path(), f.display(), text, templates, found::add);
            case STRUCTURED -> CampaignLinter.lint(f.display(), text, found::add);
            case JAVA -> {
              if (JavaAnalyzer.candidate(text)) {
                JavaAnalyzer.Unit u = JavaAnalyzer.parse(f.display(), text);
                if (u == null) {
                  javaUnparsed.incrementAndGet();
                } else {
                  units.add(u);
                }
              }
            }
            case JAVASCRIPT, TYPESCRIPT -> {
              if (JS_CANDIDATE.matcher(text).find()) {
                jsFiles.add(f.path());
              }
            }
            default -> { }
          }
        } catch (IOException e) {
          binary.incrementAndGet();
        } catch (RuntimeException | StackOverflowError e) {
          failed.add(f.display());
        } finally {
          progress.tick();
        }
      })).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      pool.shutdown();
    }
    if (!failed.isEmpty()) {
      notes.add(failed.size() + " file(s) could not be checked (too deeply nested or malformed): "
          + failed.stream().sorted().limit(5).collect(java.util.stream.Collectors.joining(", ")) + ".");
    }
    if (javaUnparsed.get() > 0) {
      notes.add(javaUnparsed.get() + " Java file(s) did not parse (JavaParser, Java 21 syntax) and were not "
          + "judged for the Java checks.");
    }

    // ESLint in Node while the Java index is judged here
    List<Path> js = jsFiles.stream().sorted().toList();
    String[] eslintInfo = new String[1];
    AtomicInteger eslintSuppressed = new AtomicInteger();
    CompletableFuture<Void> eslint = CompletableFuture.completedFuture(null);
    if (!js.isEmpty() && !o.eslint()) {
      notes.add("JavaScript/TypeScript: " + js.size() + " file(s) that mention Customer.io were not checked "
          + "(--no-eslint).");
    } else if (!js.isEmpty()) {
      EslintBridge.Availability a = EslintBridge.availability(o.node());
      if (a.unavailable() != null) {
        notes.add("JavaScript/TypeScript: " + js.size() + " file(s) that mention Customer.io were not checked: "
            + a.unavailable() + ". Everything else was.");
      } else {
        progress.phase("ESLint", js.size());
        eslintInfo[0] = "eslint-plugin-customerio with Node " + a.nodeVersion();
        ConcurrentLinkedQueue<String> unparsed = new ConcurrentLinkedQueue<>();
        eslint = CompletableFuture.runAsync(() -> {
          try {
            EslintBridge.lint(a.node(), js, o.workers() > 1 ? 2 : 1, o.eventNameCase(), r -> {
              progress.tick();
              eslintSuppressed.addAndGet(r.justified());
              eslintFindings(r, o.cwd(), found, unparsed);
            });
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        eslint = eslint.whenComplete((v, e) -> {
          if (!unparsed.isEmpty()) {
            synchronized (notes) {
              notes.add(unparsed.size() + " JavaScript/TypeScript file(s) did not parse and were not checked: "
                  + unparsed.stream().sorted().limit(5).collect(java.util.stream.Collectors.joining(", "))
                  + (unparsed.size() > 5 ? ", ..." : "") + ".");
            }
          }
        });
      }
    }
    JavaAnalyzer java = new JavaAnalyzer();
    units.stream().sorted(Comparator.comparing(JavaAnalyzer.Unit::display)).forEach(java::add);
    java.analyze(found::add, notes);
    try {
      eslint.get(35, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
      synchronized (notes) {
        notes.add("JavaScript/TypeScript: ESLint failed (" + (c == null ? e : c).getMessage() + "); those files "
            + "were not checked.");
      }
    }

    return finish(o, baseline, new ArrayList<>(found), notes, files.size(), start, eslintInfo[0],
        eslintSuppressed.get());
  }

  private static void eslintFindings(EslintBridge.FileResult r, Path cwd, ConcurrentLinkedQueue<Finding> found,
      ConcurrentLinkedQueue<String> unparsed) {
    String display = SourceTree.display(r.file(), cwd);
    if (r.error() != null) {
      unparsed.add(display + " (" + r.error() + ")");
      return;
    }
    for (EslintBridge.Message m : r.messages()) {
      FindingType t = AuditCatalog.byId(m.findingId());
      if (t != null) {
        found.add(new Finding(t, display, m.line(), m.column(), m.message(), "eslint", null));
      }
    }
    for (EslintBridge.Message m : r.unjustified()) {
      FindingType t = AuditCatalog.byId(m.findingId());
      if (t != null) {
        found.add(new Finding(t, display, m.line(), m.column(), m.message(), "eslint", null));
        found.add(new Finding(AuditCatalog.SUPPRESSION_WITHOUT_REASON, display, m.line(), 1,
            "An eslint-disable comment silences " + m.ruleId() + " here without a reason: add -- <why> to it "
                + "(the audit honours ESLint directives only with a reason).", "audit", null));
      }
    }
  }

  private static AuditResult finish(Options o, Baseline baseline, List<Finding> raw, List<String> notes, int files,
      long start, String eslint, int suppressedByEslint) throws IOException {
    raw.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
        .thenComparingInt(f -> ANALYZER_ORDER.indexOf(f.analyzer())).thenComparingInt(Finding::column));
    // one finding per id and line (ESLint and the credential scan may both see a key)
    Map<String, Finding> unique = new LinkedHashMap<>();
    for (Finding f : raw) {
      unique.putIfAbsent(f.id() + "\u0000" + f.file() + "\u0000" + f.line(), f);
    }
    Map<String, List<String>> linesByFile = new HashMap<>();
    List<Finding> kept = new ArrayList<>();
    Set<String> reasonless = new HashSet<>();
    int suppressed = suppressedByEslint;
    for (Finding f : unique.values()) {
      List<String> lines = linesByFile.computeIfAbsent(f.file(), k -> fileLines(o, k));
      Suppressions.Suppression s = f.type() == AuditCatalog.SUPPRESSION_WITHOUT_REASON ? null
          : Suppressions.covering(lines, f.line(), f.id());
      if (s != null && s.hasReason()) {
        suppressed++;
        continue;
      }
      kept.add(f);
      if (s != null && reasonless.add(f.file() + ":" + s.line())) {
        kept.add(new Finding(AuditCatalog.SUPPRESSION_WITHOUT_REASON, f.file(), s.line(), 1,
            "cio-audit-ignore " + String.join(", ", s.ids()) + " gives no reason, so it suppresses nothing: write "
                + "why after -- (cio-audit-ignore <id> -- <reason>).", "audit", null));
      }
    }
    Map<Finding, String> fingerprints = new LinkedHashMap<>();
    List<Finding> reported = new ArrayList<>();
    int baselined = 0;
    for (Finding f : kept) {
      List<String> lines = linesByFile.computeIfAbsent(f.file(), k -> fileLines(o, k));
      String anchor = f.anchor() != null ? f.anchor()
          : f.line() >= 1 && f.line() <= lines.size() ? lines.get(f.line() - 1) : "";
      String fp = Baseline.fingerprint(f, anchor);
      if (baseline != null && baseline.absorbs(f, fp)) {
        baselined++;
        continue;
      }
      reported.add(f);
      fingerprints.put(f, fp);
    }
    reported.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line).thenComparingInt(Finding::column)
        .thenComparing(Finding::id));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return new AuditResult(List.copyOf(reported), fingerprints, suppressed, baselined, List.copyOf(notes), files,
        millis, eslint);
  }

  private static List<String> fileLines(Options o, String display) {
    Path p = Path.of(display);
    Path abs = p.isAbsolute() ? p : o.cwd().resolve(p);
    try {
      String text = read(abs);
      return text == null ? List.of() : lines(text);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The file's text (UTF-8, bad bytes replaced), or null for a binary file. */
  static String read(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    int probe = Math.min(bytes.length, 8000);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        return null;
      }
    }
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    return d.decode(ByteBuffer.wrap(bytes)).toString();
  }

  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        int end = i > from && text.charAt(i - 1) == '\r' ? i - 1 : i;
        out.add(text.substring(from, end));
        from = i + 1;
      }
    }
    if (from < text.length()) {
      out.add(text.substring(from));
    }
    return out;
  }

  /** The .env files that git ignores (so are not committed); empty when git or a repository is not there. */
  private static Set<Path> gitIgnored(List<Path> envFiles) {
    Set<Path> out = ConcurrentHashMap.newKeySet();
    Map<Path, List<Path>> byDir = new HashMap<>();
    for (Path p : envFiles) {
      byDir.computeIfAbsent(p.getParent(), k -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<Path, List<Path>> e : byDir.entrySet()) {
      try {
        Process p = new ProcessBuilder("git", "-C", e.getKey().toString(), "check-ignore", "--stdin")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream os = p.getOutputStream()) {
          for (Path f : e.getValue()) {
            os.write((f.getFileName().toString() + "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          for (String l : outText.split("\n")) {
            if (!l.isBlank()) {
              out.add(e.getKey().resolve(l.trim()).normalize());
            }
          }
        }
      } catch (IOException ex) {
        return out; // no git: every .env file is judged
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return out;
      }
    }
    return out;
  }
}
