package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a unit test (its name keeps it out of the default run): audits a generated tree of 10,000 files
 * (JS/TS, Java, templates, YAML/JSON, other text; one in ten code files a Customer.io integration with mistakes) in
 * this JVM, cold, and prints the time. Run by hand:
 *
 * <pre>mvn -B -pl fake-server,audit -Dcds.skip test -Dtest=AuditBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *     -Dcio-fake.audit.bench.files=10000</pre>
 *
 * (the figure is in the surefire output, {@code audit/target/surefire-reports/dev.ciofake.audit.AuditBenchmark-output.txt}).
 */
class AuditBenchmark {
  @Test
  void auditAGeneratedTree() throws Exception {
    int files = Integer.getInteger("cio-fake.audit.bench.files", 10_000);
    Path root = Files.createTempDirectory("cio-audit-bench");
    try {
      Counts c = generate(root, files, new Random(42));
      PrintStream out = System.out;
      long t0 = System.nanoTime();
      AuditResult r;
      try (Progress p = new Progress(Progress.Mode.PLAIN, System.err)) {
        r = Auditor.run(Fixtures.options(root), p);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      out.printf("cio-fake audit benchmark: %d files (%d JS/TS, %d of them Customer.io integrations; %d Java, %d of "
              + "them integrations; %d templates; %d YAML/JSON; %d other) in %d ms on %d cores; %d findings; ESLint: %s%n",
          r.files(), c.js, c.jsCio, c.java, c.javaCio, c.templates, c.structured, c.other, ms,
          Runtime.getRuntime().availableProcessors(), r.findings().size(), r.eslint() == null ? "not run "
              + r.notes() : r.eslint());
      assertThat(r.files()).isEqualTo(files);
      assertThat(r.findings()).isNotEmpty();
    } finally {
      try (Stream<Path> s = Files.walk(root)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static final class Counts {
    int js;
    int jsCio;
    int java;
    int javaCio;
    int templates;
    int structured;
    int other;
  }

  private static Counts generate(Path root, int total, Random rnd) throws IOException {
    String server = Files.readString(Fixtures.SHOP.resolve("node/src/server.ts"));
    String checkout = Files.readString(Fixtures.SHOP.resolve("node/src/routes/checkout.ts"));
    String legacy = Files.readString(Fixtures.SHOP.resolve("node/src/legacy/notify.js"));
    String okhttp = Files.readString(Fixtures.SHOP.resolve("java/src/main/java/com/example/shop/OkHttpCustomerIo.java"));
    String good = Files.readString(Fixtures.SHOP.resolve("java/src/main/java/com/example/shop/GoodCustomerIo.java"));
    String newsletter = Files.readString(Fixtures.SHOP.resolve("templates/emails/newsletter.html"));
    String campaigns = Files.readString(Fixtures.SHOP.resolve("campaigns/onboarding.yaml"));
    Counts c = new Counts();
    for (int i = 0; i < total; i++) {
      int pkg = i / 100;
      Path dir = root.resolve("services/s" + (pkg % 20)).resolve("m" + pkg);
      Files.createDirectories(dir);
      int kind = i % 10;
      if (kind < 3) {
        c.js++;
        boolean cio = i % 30 == 0;
        c.jsCio += cio ? 1 : 0;
        String ext = i % 2 == 0 ? ".ts" : ".js";
        String text = cio ? (i % 90 == 0 ? server : i % 60 == 0 ? legacy : checkout) : genericJs(i, rnd);
        Files.writeString(dir.resolve("file" + i + ext), text, StandardCharsets.UTF_8);
      } else if (kind < 5) {
        c.java++;
        boolean cio = i % 20 == 3;
        c.javaCio += cio ? 1 : 0;
        String cls = "Type" + i;
        String text = cio ? (i % 40 == 3 ? okhttp : good).replace("OkHttpCustomerIo", cls).replace("GoodCustomerIo", cls)
            .replace("package com.example.shop;", "package bench.m" + pkg + ";") : genericJava(pkg, cls, rnd);
        Files.writeString(dir.resolve(cls + ".java"), text, StandardCharsets.UTF_8);
      } else if (kind == 5) {
        c.templates++;
        Path t = i % 5 == 0 ? root.resolve("emails/e" + pkg) : dir;
        Files.createDirectories(t);
        Files.writeString(t.resolve("page" + i + ".html"), i % 5 == 0 ? newsletter
            : "<html><body><h1>Page " + i + "</h1><p>" + "lorem ipsum ".repeat(40) + "</p></body></html>\n");
      } else if (kind == 6) {
        c.structured++;
        Files.writeString(dir.resolve("config" + i + (i % 2 == 0 ? ".yaml" : ".json")), i % 50 == 6 ? campaigns
            : i % 2 == 0 ? "server:\n  port: " + (8000 + i % 100) + "\nfeatures:\n  flags: [a, b, c]\n"
                : "{\"name\": \"pkg" + i + "\", \"version\": \"1.0." + i + "\", \"scripts\": {\"test\": \"node t\"}}\n");
      } else {
        c.other++;
        Files.writeString(dir.resolve("notes" + i + (i % 3 == 0 ? ".md" : i % 3 == 1 ? ".css" : ".properties")),
            ("line " + i + " of some documentation or styling, nothing secret here\n").repeat(30));
      }
    }
    return c;
  }

  private static String genericJs(int i, Random rnd) {
    StringBuilder sb = new StringBuilder("import { helper } from './helper';\n\n");
    for (int f = 0; f < 12; f++) {
      sb.append("export function fn").append(i).append('_').append(f).append("(items) {\n")
          .append("  const out = [];\n  for (const item of items) {\n    if (item.value > ").append(rnd.nextInt(100))
          .append(") out.push(helper(item, ").append(f).append("));\n  }\n  return out;\n}\n\n");
    }
    return sb.toString();
  }

  private static String genericJava(int pkg, String cls, Random rnd) {
    StringBuilder sb = new StringBuilder("package bench.m" + pkg + ";\n\nimport java.util.List;\n\npublic class ")
        .append(cls).append(" {\n");
    for (int m = 0; m < 10; m++) {
      sb.append("  public int sum").append(m).append("(List<Integer> xs) {\n    int s = 0;\n    for (int x : xs) {\n")
          .append("      s += x * ").append(rnd.nextInt(10)).append(";\n    }\n    return s;\n  }\n\n");
    }
    return sb.append("}\n").toString();
  }
}
