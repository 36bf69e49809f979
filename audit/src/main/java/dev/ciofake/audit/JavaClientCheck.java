package dev.ciofake.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code no-connection-reuse} in Java: an HTTP client built per call (used where it is built, returned to a caller
 * that runs per request, or built in a loop). Part of {@link JavaAnalyzer}.
 */
final class JavaClientCheck {
  private static final Set<String> CLIENT_TYPES = Set.of("HttpClient", "OkHttpClient", "RestClient", "WebClient",
      "RestTemplate");
  /** Methods that run once (initializers, tests), where building a client is not building one per request. */
  private static final Set<String> INIT_ANNOTATIONS = Set.of("Bean", "PostConstruct", "Produces", "Provides",
      "Autowired", "Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "BeforeAll", "BeforeEach", "AfterAll",
      "AfterEach");

  private final JavaAnalyzer analyzer;

  JavaClientCheck(JavaAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  void check(Map<String, List<MethodDeclaration>> table, MethodDeclaration m, Consumer<Finding> out) {
    if (initializer(m)) {
      return;
    }
    for (Expression c : creations(m)) {
      String type = clientType(c);
      if (inLoop(c, m)) {
        out.accept(analyzer.finding(AuditCatalog.NO_CONNECTION_REUSE, c, "A new " + type + " on every iteration of a loop in "
            + m.getNameAsString() + "(): each one opens its own connections. Build the client once and reuse it."));
        continue;
      }
      String use = use(c, m);
      if ("call".equals(use)) {
        out.accept(analyzer.finding(AuditCatalog.NO_CONNECTION_REUSE, c, "A new " + type + " for every call of "
            + m.getNameAsString() + "(): each one opens its own connections (a TCP and TLS handshake per request). "
            + "Build the client once (a final field) and reuse it."));
      } else if ("returned".equals(use)) {
        String caller = perCallCaller(table, m);
        if (caller != null) {
          out.accept(analyzer.finding(AuditCatalog.NO_CONNECTION_REUSE, c, "A new " + type + " for every call of "
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
      for (ReturnStmt r : JavaAnalyzer.ownReturns(m)) {
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
}
