package dev.ciofake.audit;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code track-before-identify} in Java: in one method (its lambdas included), a {@code track*} call for an id before
 * the {@code identify*} call for the same id. Part of {@link JavaAnalyzer}.
 */
final class JavaTrackOrderCheck {
  private static final Pattern TRACK = Pattern.compile("^track(?!Anonymous|PageView|Push|Metric)[A-Z_]?.*|^track$");
  private static final Pattern IDENTIFY = Pattern.compile("^identify.*");
  private static final Pattern CIO_RECEIVER = Pattern.compile("cio|customer|track|client|analytics|api|service",
      Pattern.CASE_INSENSITIVE);

  private final JavaAnalyzer analyzer;

  JavaTrackOrderCheck(JavaAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  void check(MethodDeclaration m, Consumer<Finding> out) {
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
          out.accept(analyzer.finding(AuditCatalog.TRACK_BEFORE_IDENTIFY, c, c.getNameAsString() + "(" + JavaAnalyzer.shorten(id)
              + ", ...) sends the event before " + d.getNameAsString() + "(" + JavaAnalyzer.shorten(id) + ", ...) on line "
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
}
