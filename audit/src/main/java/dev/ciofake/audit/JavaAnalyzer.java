package dev.ciofake.audit;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
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
  private static final Pattern JSON_KEY_BEFORE = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:\\s*$");
  private static final Pattern TIMESTAMP_KEY = Pattern.compile(
      "^(?:timestamp|_timestamp|created_at|send_at|last_used|[a-z][a-z0-9_]*_at)$");
  private static final Set<String> CLIENT_TYPES = Set.of("HttpClient", "OkHttpClient", "RestClient", "WebClient",
      "RestTemplate");
  /** Methods that run once (initializers, tests), where building a client is not building one per request. */
  private static final Set<String> INIT_ANNOTATIONS = Set.of("Bean", "PostConstruct", "Produces", "Provides",
      "Autowired", "Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "BeforeAll", "BeforeEach", "AfterAll",
      "AfterEach");
  private static final Pattern TRACK = Pattern.compile("^track(?!Anonymous|PageView|Push|Metric)[A-Z_]?.*|^track$");
  private static final Pattern IDENTIFY = Pattern.compile("^identify.*");
  private static final Pattern CIO_RECEIVER = Pattern.compile("cio|customer|track|client|analytics|api|service",
      Pattern.CASE_INSENSITIVE);

  /** A parsed file. */
  record Unit(String display, CompilationUnit cu) {}

  /** A type of the tree and what the analysis needs of it. */
  private static final class TypeInfo {
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

  /** What made a value milliseconds, and where to report it. */
  private record Millis(Node at, String source, String via) {}

  private final Map<String, List<TypeInfo>> types = new HashMap<>();
  private final Map<CompilationUnit, Unit> units = new IdentityHashMap<>();
  private final Map<TypeDeclaration<?>, TypeInfo> infos = new IdentityHashMap<>();
  private final List<TypeInfo> all = new ArrayList<>();

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
        timestamps(t, table, m, out);
        clients(t, table, m, out);
        trackBeforeIdentify(m, out);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- millisecond-timestamp

  private void timestamps(TypeInfo t, Map<String, List<MethodDeclaration>> table, MethodDeclaration m,
      Consumer<Finding> out) {
    // JSON text: "...\"created_at\":" + value
    for (BinaryExpr b : m.findAll(BinaryExpr.class)) {
      if (b.getOperator() != BinaryExpr.Operator.PLUS || isPlus(b.getParentNode().orElse(null))) {
        continue;
      }
      List<Expression> ops = new ArrayList<>();
      flattenPlus(b, ops);
      for (int i = 0; i + 1 < ops.size(); i++) {
        String s = stringValue(ops.get(i));
        if (s == null) {
          continue;
        }
        Matcher k = JSON_KEY_BEFORE.matcher(s);
        if (k.find() && TIMESTAMP_KEY.matcher(k.group(1)).matches()) {
          sink(table, m, ops.get(i + 1), k.group(1), out);
        }
      }
    }
    for (MethodCallExpr c : m.findAll(MethodCallExpr.class)) {
      // put("timestamp", value), Map.of("created_at", value, ...), node.put("send_at", value)
      List<Expression> args = c.getArguments();
      for (int i = 0; i + 1 < args.size(); i++) {
        String s = stringValue(args.get(i));
        if (s != null && TIMESTAMP_KEY.matcher(s).matches()) {
          sink(table, m, args.get(i + 1), s, out);
        }
      }
      // builder.timestamp(value), event.setCreatedAt(value)
      if (args.size() == 1) {
        String n = c.getNameAsString();
        String field = CredentialScanner.snake(n.startsWith("set") && n.length() > 3 ? n.substring(3) : n);
        if (TIMESTAMP_KEY.matcher(field).matches() && c.getScope().isPresent()) {
          sink(table, m, args.get(0), field, out);
        }
      }
    }
    // new Event(name, System.currentTimeMillis()) where the record component is `timestamp`
    for (ObjectCreationExpr n : m.findAll(ObjectCreationExpr.class)) {
      List<TypeInfo> target = types.get(n.getType().getNameAsString());
      if (target == null) {
        continue;
      }
      List<String> params = parameterNames(target.get(0), n.getArguments().size());
      for (int i = 0; i < params.size() && i < n.getArguments().size(); i++) {
        String field = CredentialScanner.snake(params.get(i));
        if (TIMESTAMP_KEY.matcher(field).matches()) {
          sink(table, m, n.getArgument(i), field, out);
        }
      }
    }
  }

  private static List<String> parameterNames(TypeInfo t, int arity) {
    if (t.decl instanceof RecordDeclaration r && r.getParameters().size() == arity) {
      return r.getParameters().stream().map(Parameter::getNameAsString).toList();
    }
    for (BodyDeclaration<?> b : t.decl.getMembers()) {
      if (b instanceof ConstructorDeclaration c && c.getParameters().size() == arity) {
        return c.getParameters().stream().map(Parameter::getNameAsString).toList();
      }
    }
    return List.of();
  }

  private void sink(Map<String, List<MethodDeclaration>> table, MethodDeclaration m, Expression value,
      String field, Consumer<Finding> out) {
    Millis ms = millis(table, m, value, 0);
    if (ms == null) {
      return;
    }
    Node at = ms.at() == null ? value : ms.at();
    String where = m.findAncestor(TypeDeclaration.class).map(TypeDeclaration::getNameAsString).orElse("?") + "."
        + m.getNameAsString() + "()";
    out.accept(finding(AuditCatalog.MILLISECOND_TIMESTAMP, at, "`" + shorten(ms.source()) + "` is milliseconds"
        + (ms.via() == null ? "" : ", returned by " + ms.via()) + ", and reaches the Customer.io timestamp field `"
        + field + "` (in " + where + "). Send Unix seconds: Instant.now().getEpochSecond(), or divide by 1000."));
  }

  private Millis millis(Map<String, List<MethodDeclaration>> table, MethodDeclaration m, Expression e, int depth) {
    if (e == null || depth > 4) {
      return null;
    }
    if (e instanceof EnclosedExpr x) {
      return millis(table, m, x.getInner(), depth + 1);
    }
    if (e instanceof CastExpr x) {
      return millis(table, m, x.getExpression(), depth + 1);
    }
    if (e instanceof ConditionalExpr x) {
      Millis a = millis(table, m, x.getThenExpr(), depth + 1);
      return a != null ? a : millis(table, m, x.getElseExpr(), depth + 1);
    }
    if (e instanceof BinaryExpr b) {
      if (b.getOperator() == BinaryExpr.Operator.DIVIDE) {
        return null;
      }
      if (b.getOperator() == BinaryExpr.Operator.PLUS || b.getOperator() == BinaryExpr.Operator.MINUS) {
        if (stringValue(b.getLeft()) != null || stringValue(b.getRight()) != null) {
          return null;
        }
        Millis a = millis(table, m, b.getLeft(), depth + 1);
        return a != null ? a : millis(table, m, b.getRight(), depth + 1);
      }
      return null;
    }
    if (e instanceof MethodCallExpr c) {
      String n = c.getNameAsString();
      String scope = c.getScope().map(Object::toString).orElse(null);
      if (n.equals("currentTimeMillis") && "System".equals(scope) || n.equals("toEpochMilli")
          || (n.equals("millis") && c.getArguments().isEmpty() && scope != null)) {
        return new Millis(null, c.toString(), null);
      }
      if (n.equals("getTime") && c.getArguments().isEmpty() && c.getScope().isPresent()
          && isDate(m, c.getScope().get())) {
        return new Millis(null, c.toString(), null);
      }
      if (c.getScope().isEmpty() || c.getScope().get() instanceof ThisExpr) {
        for (MethodDeclaration target : table.getOrDefault(n, List.of())) {
          if (target.getParameters().size() != c.getArguments().size() || target == m) {
            continue;
          }
          for (ReturnStmt r : ownReturns(target)) {
            Millis inner = r.getExpression().map(x -> millis(table, target, x, depth + 1)).orElse(null);
            if (inner != null) {
              Node at = inner.at() != null ? inner.at() : r.getExpression().get();
              return new Millis(at, inner.source(), inner.via() != null ? inner.via() : n + "()");
            }
          }
        }
      }
      return null;
    }
    if (e instanceof NameExpr ne) {
      for (VariableDeclarator v : m.findAll(VariableDeclarator.class)) {
        if (v.getNameAsString().equals(ne.getNameAsString()) && v.getInitializer().isPresent()) {
          Millis inner = millis(table, m, v.getInitializer().get(), depth + 1);
          return inner == null ? null : new Millis(inner.at(), inner.source(), inner.via());
        }
      }
    }
    return null;
  }

  private static boolean isDate(MethodDeclaration m, Expression scope) {
    if (scope instanceof ObjectCreationExpr o) {
      return o.getType().getNameAsString().equals("Date") || o.getType().getNameAsString().equals("Timestamp");
    }
    if (scope instanceof NameExpr n) {
      String name = n.getNameAsString();
      for (VariableDeclarator v : m.findAll(VariableDeclarator.class)) {
        if (v.getNameAsString().equals(name)) {
          return v.getType().asString().matches("(?:java\\.util\\.)?Date|(?:java\\.sql\\.)?Timestamp");
        }
      }
      for (Parameter p : m.getParameters()) {
        if (p.getNameAsString().equals(name)) {
          return p.getType().asString().matches("(?:java\\.util\\.)?Date|(?:java\\.sql\\.)?Timestamp");
        }
      }
    }
    return false;
  }

  private static List<ReturnStmt> ownReturns(MethodDeclaration m) {
    List<ReturnStmt> out = new ArrayList<>();
    for (ReturnStmt r : m.findAll(ReturnStmt.class)) {
      if (r.findAncestor(LambdaExpr.class).filter(l -> l.isDescendantOf(m)).isEmpty()) {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean isPlus(Node n) {
    return n instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS;
  }

  private static void flattenPlus(Expression e, List<Expression> out) {
    if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
      flattenPlus(b.getLeft(), out);
      flattenPlus(b.getRight(), out);
    } else if (e instanceof EnclosedExpr x && isPlus(x.getInner())) {
      flattenPlus(x.getInner(), out);
    } else {
      out.add(e);
    }
  }

  private static String stringValue(Expression e) {
    if (e instanceof StringLiteralExpr s) {
      return s.asString();
    }
    if (e instanceof TextBlockLiteralExpr t) {
      return t.asString();
    }
    return null;
  }

  // --------------------------------------------------------------------------------------------- no-connection-reuse

  private void clients(TypeInfo t, Map<String, List<MethodDeclaration>> table, MethodDeclaration m,
      Consumer<Finding> out) {
    if (initializer(m)) {
      return;
    }
    for (Expression c : creations(m)) {
      String type = clientType(c);
      if (inLoop(c, m)) {
        out.accept(finding(AuditCatalog.NO_CONNECTION_REUSE, c, "A new " + type + " on every iteration of a loop in "
            + m.getNameAsString() + "(): each one opens its own connections. Build the client once and reuse it."));
        continue;
      }
      String use = use(c, m);
      if ("call".equals(use)) {
        out.accept(finding(AuditCatalog.NO_CONNECTION_REUSE, c, "A new " + type + " for every call of "
            + m.getNameAsString() + "(): each one opens its own connections (a TCP and TLS handshake per request). "
            + "Build the client once (a final field) and reuse it."));
      } else if ("returned".equals(use)) {
        String caller = perCallCaller(table, m);
        if (caller != null) {
          out.accept(finding(AuditCatalog.NO_CONNECTION_REUSE, c, "A new " + type + " for every call of "
              + m.getNameAsString() + "(), which " + caller + " calls for each request: each one opens its own "
              + "connections. Return one client kept in a final field."));
        }
      }
    }
  }

  private static boolean initializer(MethodDeclaration m) {
    return m.getAnnotations().stream().anyMatch(a -> INIT_ANNOTATIONS.contains(a.getNameAsString()))
        || (m.isStatic() && m.getNameAsString().equals("main"));
  }

  /** HttpClient.newHttpClient(), HttpClient.newBuilder()...build(), new OkHttpClient(), RestClient.create(), ... */
  private static List<Expression> creations(MethodDeclaration m) {
    List<Expression> out = new ArrayList<>();
    for (ObjectCreationExpr o : m.findAll(ObjectCreationExpr.class)) {
      String type = o.getType().asString();
      if ((type.equals("OkHttpClient") || type.equals("RestTemplate")) && o.getAnonymousClassBody().isEmpty()) {
        out.add(o);
      }
    }
    for (MethodCallExpr c : m.findAll(MethodCallExpr.class)) {
      String n = c.getNameAsString();
      String scope = c.getScope().map(Object::toString).orElse("");
      if ((n.equals("newHttpClient") && scope.equals("HttpClient"))
          || (n.equals("create") && (scope.equals("RestClient") || scope.equals("WebClient")))) {
        out.add(c);
      } else if (n.equals("build") && builderRoot(c)) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparing(e -> e.getBegin().map(p -> p.line).orElse(0)));
    return out;
  }

  private static boolean builderRoot(MethodCallExpr build) {
    Expression e = build.getScope().orElse(null);
    while (e instanceof MethodCallExpr c) {
      String scope = c.getScope().map(Object::toString).orElse("");
      if ((c.getNameAsString().equals("newBuilder") && scope.equals("HttpClient"))
          || (c.getNameAsString().equals("builder") && (scope.equals("RestClient") || scope.equals("WebClient")))) {
        return true;
      }
      e = c.getScope().orElse(null);
    }
    return e instanceof ObjectCreationExpr o && o.getType().asString().equals("OkHttpClient.Builder");
  }

  private static String clientType(Expression c) {
    String s = c.toString();
    for (String t : CLIENT_TYPES) {
      if (s.startsWith(t + ".") || s.startsWith("new " + t)) {
        return t;
      }
    }
    return "HTTP client";
  }

  private static boolean inLoop(Node n, MethodDeclaration m) {
    for (Node p = n.getParentNode().orElse(null); p != null && p != m; p = p.getParentNode().orElse(null)) {
      if (p instanceof ForStmt || p instanceof ForEachStmt || p instanceof WhileStmt || p instanceof DoStmt) {
        return true;
      }
      if (p instanceof LambdaExpr l && l.getParentNode().orElse(null) instanceof MethodCallExpr mc
          && Set.of("forEach", "map", "flatMap").contains(mc.getNameAsString())) {
        return true;
      }
    }
    return false;
  }

  /** "call" (used for a request here), "returned" (a factory), or "stored" (kept for later). */
  private static String use(Expression c, MethodDeclaration m) {
    Node p = c.getParentNode().orElse(null);
    if (p instanceof MethodCallExpr call && call.getScope().filter(s -> s == c).isPresent()) {
      return "call";
    }
    if (p instanceof ReturnStmt) {
      return "returned";
    }
    if (p instanceof VariableDeclarator v && v.getParentNode().filter(x -> !(x instanceof FieldDeclaration)).isPresent()) {
      String name = v.getNameAsString();
      boolean used = false;
      for (MethodCallExpr call : m.findAll(MethodCallExpr.class)) {
        if (call.getScope().filter(s -> s instanceof NameExpr n && n.getNameAsString().equals(name)).isPresent()) {
          used = true;
        }
      }
      for (ReturnStmt r : ownReturns(m)) {
        if (r.getExpression().filter(x -> x instanceof NameExpr n && n.getNameAsString().equals(name)).isPresent()) {
          return "returned";
        }
      }
      for (AssignExpr a : m.findAll(AssignExpr.class)) {
        if (a.getValue() instanceof NameExpr n && n.getNameAsString().equals(name)) {
          return "stored";
        }
      }
      return used ? "call" : "stored";
    }
    return "stored";
  }

  /** A method of the hierarchy that calls the factory {@code m} and sends a request with what it returns. */
  private static String perCallCaller(Map<String, List<MethodDeclaration>> table, MethodDeclaration m) {
    for (List<MethodDeclaration> ms : table.values()) {
      for (MethodDeclaration caller : ms) {
        if (caller == m || initializer(caller)) {
          continue;
        }
        for (MethodCallExpr c : caller.findAll(MethodCallExpr.class)) {
          if (!c.getNameAsString().equals(m.getNameAsString())
              || c.getArguments().size() != m.getParameters().size()
              || !(c.getScope().isEmpty() || c.getScope().get() instanceof ThisExpr)) {
            continue;
          }
          Node p = c.getParentNode().orElse(null);
          if (p instanceof MethodCallExpr use && use.getScope().filter(s -> s == c).isPresent()) {
            return caller.getNameAsString() + "()";
          }
          if (p instanceof VariableDeclarator) {
            return caller.getNameAsString() + "()";
          }
        }
      }
    }
    return null;
  }

  // --------------------------------------------------------------------------------------------- track-before-identify

  private void trackBeforeIdentify(MethodDeclaration m, Consumer<Finding> out) {
    List<MethodCallExpr> calls = new ArrayList<>();
    for (MethodCallExpr c : m.findAll(MethodCallExpr.class)) {
      String n = c.getNameAsString();
      if ((TRACK.matcher(n).matches() || IDENTIFY.matcher(n).matches()) && !c.getArguments().isEmpty()
          && receiverOk(c)) {
        calls.add(c);
      }
    }
    calls.sort(Comparator.comparing((MethodCallExpr c) -> c.getBegin().map(p -> p.line).orElse(0))
        .thenComparing(c -> c.getBegin().map(p -> p.column).orElse(0)));
    Set<String> identified = new java.util.HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      MethodCallExpr c = calls.get(i);
      String id = c.getArgument(0).toString();
      if (IDENTIFY.matcher(c.getNameAsString()).matches()) {
        identified.add(id);
        continue;
      }
      if (identified.contains(id)) {
        continue;
      }
      for (int j = i + 1; j < calls.size(); j++) {
        MethodCallExpr d = calls.get(j);
        if (IDENTIFY.matcher(d.getNameAsString()).matches() && d.getArgument(0).toString().equals(id)) {
          out.accept(finding(AuditCatalog.TRACK_BEFORE_IDENTIFY, c, c.getNameAsString() + "(" + shorten(id)
              + ", ...) sends the event before " + d.getNameAsString() + "(" + shorten(id) + ", ...) on line "
              + d.getBegin().map(p -> p.line).orElse(0) + " identifies the person: the event creates a profile "
              + "without an email. Identify first, then track."));
          break;
        }
      }
    }
  }

  private static boolean receiverOk(MethodCallExpr c) {
    if (c.getScope().isEmpty() || c.getScope().get() instanceof ThisExpr) {
      return true;
    }
    Expression s = c.getScope().get();
    String name = s instanceof NameExpr n ? n.getNameAsString() : s instanceof FieldAccessExpr f
        ? f.getNameAsString() : null;
    return name != null && CIO_RECEIVER.matcher(name).find();
  }

  // --------------------------------------------------------------------------------------------- shared

  private Finding finding(FindingType type, Node at, String message) {
    Unit u = at.findCompilationUnit().map(units::get).orElse(null);
    int line = at.getBegin().map(p -> p.line).orElse(1);
    int column = at.getBegin().map(p -> p.column).orElse(1);
    return new Finding(type, u == null ? "?" : u.display(), line, column, message, "java", null);
  }

  private static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }
}
