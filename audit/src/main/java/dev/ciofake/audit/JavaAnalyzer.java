package dev.ciofake.audit;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Java integrations ({@code java.net.http}, OkHttp, Spring {@code RestClient}/{@code WebClient}/{@code RestTemplate},
 * or any client whose methods are named identify/track), read with JavaParser across the whole tree so that a
 * subclass's override is judged where the superclass uses it:
 * <ul>
 *   <li>{@code millisecond-timestamp}: {@code System.currentTimeMillis()}, {@code Instant.toEpochMilli()},
 *       {@code Date.getTime()}, {@code Clock.millis()} (directly, through a local, or returned by a method of the
 *       class hierarchy) reaching a timestamp field: after {@code "created_at":} in a JSON string, as the value of a
 *       {@code put("timestamp", ...)}/{@code Map.of(...)} key, a {@code timestamp(...)}/{@code setCreatedAt(...)}
 *       setter, or a record component so named;</li>
 *   <li>{@code no-connection-reuse}: an HTTP client built inside a method (not a constructor, initializer,
 *       {@code @Bean}, {@code main} or JUnit test or lifecycle method: those run once) and used there, or returned by a method that the hierarchy calls for each request, or built
 *       in a loop;</li>
 *   <li>{@code track-before-identify}: in one method (its lambdas included), a {@code track*} call for an id before
 *       the {@code identify*} call for the same id.</li>
 * </ul>
 * Only classes that are Customer.io integrations are judged: those (or a superclass or enclosing class) that name a
 * Customer.io host, API path or package in a string, or say Customer.io in their Javadoc or field names.
 */
final class JavaAnalyzer {
  private static final Pattern CIO_TEXT = Pattern.compile(
      "customer\\.io|customerio|/api/v1/customers|/api/v2/(?:entity|batch)|/v1/send/|track-eu\\.|/v1/campaigns/",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CIO_FIELD = Pattern.compile("^(?:cio|customerIo|customerio|customerIO)",
      Pattern.CASE_INSENSITIVE);

  /** A parsed file. */
  record Unit(String display, CompilationUnit cu) {}

  /** A type of the tree and what the analysis needs of it. */
  static final class TypeInfo {
    final String name;
    final TypeDeclaration<?> decl;
    final Unit unit;
    String superName;
    TypeInfo outer;
    boolean marker;
    final Map<String, List<MethodDeclaration>> methods = new LinkedHashMap<>();

    TypeInfo(String name, TypeDeclaration<?> decl, Unit unit) {
      this.name = name;
      this.decl = decl;
      this.unit = unit;
    }
  }

  private final Map<String, List<TypeInfo>> types = new HashMap<>();
  private final Map<CompilationUnit, Unit> units = new IdentityHashMap<>();
  private final Map<TypeDeclaration<?>, TypeInfo> infos = new IdentityHashMap<>();
  private final List<TypeInfo> all = new ArrayList<>();
  private final JavaTimestampCheck timestamps = new JavaTimestampCheck(this);
  private final JavaClientCheck clients = new JavaClientCheck(this);
  private final JavaTrackOrderCheck trackOrder = new JavaTrackOrderCheck(this);

  /** One parser per thread: JavaParser instances are not thread-safe. */
  private static final ThreadLocal<JavaParser> PARSER = ThreadLocal.withInitial(() -> new JavaParser(
      new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21)
          .setAttributeComments(true)));

  /** Whether a file could matter: it names an HTTP client, a timestamp source or identify/track. */
  static boolean candidate(String text) {
    return text.contains("currentTimeMillis") || text.contains("toEpochMilli") || text.contains("getTime(")
        || text.contains("millis(") || text.contains("HttpClient") || text.contains("RestClient")
        || text.contains("WebClient") || text.contains("RestTemplate") || text.contains("identify")
        || text.contains("track") || CIO_TEXT.matcher(text).find();
  }

  /** Parses a file (any thread); null when it does not parse. */
  static Unit parse(String display, String text) {
    ParseResult<CompilationUnit> r = PARSER.get().parse(text);
    return r.getResult().filter(cu -> r.isSuccessful()).map(cu -> new Unit(display, cu)).orElse(null);
  }

  /** Adds a parsed file to the index (one thread). */
  void add(Unit u) {
    units.put(u.cu(), u);
    for (TypeDeclaration<?> td : u.cu().findAll(TypeDeclaration.class)) {
      TypeInfo t = new TypeInfo(td.getNameAsString(), td, u);
      if (td instanceof ClassOrInterfaceDeclaration c && !c.getExtendedTypes().isEmpty()) {
        t.superName = c.getExtendedTypes().get(0).getNameAsString();
      }
      for (BodyDeclaration<?> m : td.getMembers()) {
        if (m instanceof MethodDeclaration md) {
          t.methods.computeIfAbsent(md.getNameAsString(), k -> new ArrayList<>()).add(md);
        }
      }
      t.marker = marker(td);
      infos.put(td, t);
      types.computeIfAbsent(t.name, k -> new ArrayList<>()).add(t);
      all.add(t);
    }
    for (TypeInfo t : all) {
      if (t.outer == null && t.unit == u) {
        t.decl.getParentNode().filter(p -> p instanceof TypeDeclaration<?>)
            .ifPresent(p -> t.outer = infos.get((TypeDeclaration<?>) p));
      }
    }
  }

  private static boolean marker(TypeDeclaration<?> td) {
    Optional<Comment> c = td.getComment();
    if (c.isPresent() && c.get().getContent().toLowerCase(Locale.ROOT).contains("customer.io")) {
      return true;
    }
    for (StringLiteralExpr s : td.findAll(StringLiteralExpr.class)) {
      if (CIO_TEXT.matcher(s.getValue()).find()) {
        return true;
      }
    }
    boolean customers = false;
    boolean events = false;
    for (StringLiteralExpr s : td.findAll(StringLiteralExpr.class)) {
      customers |= s.getValue().contains("/customers/");
      events |= s.getValue().contains("/events");
    }
    if (customers && events) {
      return true;
    }
    for (FieldDeclaration f : td.getFields()) {
      for (VariableDeclarator v : f.getVariables()) {
        if (CIO_FIELD.matcher(v.getNameAsString()).find()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The types of the tree with this simple name (an empty list when none). */
  List<TypeInfo> typesNamed(String name) {
    return types.getOrDefault(name, List.of());
  }

  private TypeInfo superOf(TypeInfo t) {
    if (t.superName == null) {
      return null;
    }
    List<TypeInfo> candidates = types.get(t.superName);
    if (candidates == null) {
      return null;
    }
    String pkg = t.unit.cu().getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    for (TypeInfo c : candidates) {
      if (c != t && c.unit.cu().getPackageDeclaration().map(p -> p.getNameAsString()).orElse("").equals(pkg)) {
        return c;
      }
    }
    return candidates.get(0) == t ? null : candidates.get(0);
  }

  private boolean isCio(TypeInfo t) {
    int guard = 0;
    for (TypeInfo x = t; x != null && guard < 20; x = superOf(x), guard++) {
      for (TypeInfo o = x; o != null; o = o.outer) {
        if (o.marker) {
          return true;
        }
      }
    }
    return false;
  }

  /** The methods a type has, its own over its superclasses': name -> declarations. */
  private Map<String, List<MethodDeclaration>> table(TypeInfo t) {
    Map<String, List<MethodDeclaration>> out = new LinkedHashMap<>();
    int guard = 0;
    for (TypeInfo x = t; x != null && guard < 20; x = superOf(x), guard++) {
      for (Map.Entry<String, List<MethodDeclaration>> e : x.methods.entrySet()) {
        List<MethodDeclaration> own = out.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
        for (MethodDeclaration md : e.getValue()) {
          if (own.stream().noneMatch(o -> o.getParameters().size() == md.getParameters().size())) {
            own.add(md);
          }
        }
      }
    }
    return out;
  }

  /** Runs the three checks over every Customer.io integration type of the index. */
  void analyze(Consumer<Finding> out, List<String> notes) {
    for (TypeInfo t : all) {
      try {
        analyze(t, out);
      } catch (RuntimeException | StackOverflowError e) {
        notes.add("Java type " + t.name + " in " + t.unit.display() + " could not be judged (" + e + ").");
      }
    }
  }

  private void analyze(TypeInfo t, Consumer<Finding> out) {
    if (!isCio(t)) {
      return;
    }
    Map<String, List<MethodDeclaration>> table = table(t);
    for (List<MethodDeclaration> ms : table.values()) {
      for (MethodDeclaration m : ms) {
        if (m.getBody().isEmpty()) {
          continue;
        }
        timestamps.check(table, m, out);
        clients.check(table, m, out);
        trackOrder.check(m, out);
      }
    }
  }

  // --------------------------------------------------------------------------------------------- shared

  /** A finding at a node of a parsed file. */
  Finding finding(FindingType type, Node at, String message) {
    Unit u = at.findCompilationUnit().map(units::get).orElse(null);
    int line = at.getBegin().map(p -> p.line).orElse(1);
    int column = at.getBegin().map(p -> p.column).orElse(1);
    return new Finding(type, u == null ? "?" : u.display(), line, column, message, "java", null);
  }

  static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }

  /** The return statements of a method, not of its lambdas or local classes. */
  static List<ReturnStmt> ownReturns(MethodDeclaration m) {
    List<ReturnStmt> out = new ArrayList<>();
    for (ReturnStmt r : m.findAll(ReturnStmt.class)) {
      if (r.findAncestor(LambdaExpr.class).filter(l -> l.isDescendantOf(m)).isEmpty()) {
        out.add(r);
      }
    }
    return out;
  }
}
