package dev.ciofake.audit;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code millisecond-timestamp} in Java: a milliseconds source (directly, through a local, or returned by a method of
 * the class hierarchy) reaching a Customer.io timestamp field. Part of {@link JavaAnalyzer}.
 */
final class JavaTimestampCheck {
  private static final Pattern JSON_KEY_BEFORE = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:\\s*$");
  private static final Pattern TIMESTAMP_KEY = Pattern.compile(
      "^(?:timestamp|_timestamp|created_at|send_at|last_used|[a-z][a-z0-9_]*_at)$");

  /** What made a value milliseconds, and where to report it. */
  private record Millis(Node at, String source, String via) {}

  private final JavaAnalyzer analyzer;

  JavaTimestampCheck(JavaAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  void check(Map<String, List<MethodDeclaration>> table, MethodDeclaration m, Consumer<Finding> out) {
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
      List<JavaAnalyzer.TypeInfo> target = nullIfEmpty(analyzer.typesNamed(n.getType().getNameAsString()));
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

  private static List<String> parameterNames(JavaAnalyzer.TypeInfo t, int arity) {
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
    out.accept(analyzer.finding(AuditCatalog.MILLISECOND_TIMESTAMP, at, "`" + JavaAnalyzer.shorten(ms.source()) + "` is milliseconds"
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
          for (ReturnStmt r : JavaAnalyzer.ownReturns(target)) {
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

  private static <T> List<T> nullIfEmpty(List<T> l) {
    return l.isEmpty() ? null : l;
  }
}
