package dev.ciofake.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The layering of {@code dev.ciofake.internal}, top to bottom, as a request flows through it (ARCHITECTURE.md,
 * "Layers"). A package may use the packages of lower ranks only; packages of the same rank do not know each other
 * (the APIs, say), except where an edge is listed. Written for a root package so that the same rules run over the
 * product and over the planted violations of {@link LayeringRulesTest}.
 */
final class Layering {
  /** Rank by rank: each inner list is one rank, each name a package under {@code <root>.internal}. */
  static final List<List<String>> RANKS = List.of(
      List.of(""),                                          // FakeCore: the composition root
      List.of("pipeline"),                                  // the one-way request path
      List.of("track", "app", "pipelines", "admin", "ui"),  // the APIs: endpoints, handlers, their rules, views; the web view
      List.of("report"),                                    // reports over pitfalls and state
      List.of("pitfall.detectors", "journal"),              // observers of the finished exchange
      List.of("pitfall"),                                   // the engine and what detectors implement
      List.of("routing"),                                   // endpoints and the router
      List.of("exchange"),                                  // one request as it travels
      List.of("auth", "webhook", "validation", "chaos"),    // stages that need no exchange
      List.of("state"),                                     // workspaces and their data
      List.of("ratelimit"),                                 // limiters and the Retry-After ledger
      List.of("http"),                                      // request, response, route, API, error shapes
      List.of("util", "tls", "config"));                    // no knowledge of the fake; the options' text forms

  /** The public types the internals may use: values and the clock (everything else of the face sits above). */
  static final Set<String> PUBLIC_TYPES_INTERNALS_MAY_USE = Set.of("CioFakeOptions", "WorkspaceCredentials",
      "WorkspaceSettings", "RateLimit", "RateClass", "Region", "Pitfall", "Severity", "FakeClock",
      "CioFake$Person", "CioFake$Event", "CioFake$Delivery", "PitfallIds", "CioFakeException");

  private Layering() {}

  private static String layerName(String pkg) {
    return pkg.isEmpty() ? "composition" : pkg;
  }

  private static String packageOf(String root, String pkg) {
    return pkg.isEmpty() ? root + ".internal" : root + ".internal." + pkg + "..";
  }

  /** Every dependency between internal packages points down the ranks. */
  static ArchRule layers(String root) {
    Architectures.LayeredArchitecture arch = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true);
    for (List<String> rank : RANKS) {
      for (String pkg : rank) {
        String definedBy = pkg.equals("pitfall") ? root + ".internal.pitfall" : packageOf(root, pkg);
        arch = arch.layer(layerName(pkg)).definedBy(definedBy);
      }
    }
    for (int r = 1; r < RANKS.size(); r++) {
      List<String> above = new ArrayList<>();
      for (int a = 0; a < r; a++) {
        RANKS.get(a).forEach(p -> above.add(layerName(p)));
      }
      for (String pkg : RANKS.get(r)) {
        arch = arch.whereLayer(layerName(pkg)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
      }
    }
    return arch.whereLayer("composition").mayNotBeAccessedByAnyLayer()
        .because("a request goes one way through the fake: see ARCHITECTURE.md, Layers");
  }

  /** No package cycles among the internals. */
  static ArchRule noCycles(String root) {
    return slices().matching(root + ".internal.(**)").should().beFreeOfCycles();
  }

  /** The internals use of the public face only its values and the clock. */
  static ArchRule internalsUseOnlyPublicValues(String root) {
    return noClasses().that().resideInAPackage(root + ".internal..")
        .should().dependOnClassesThat(new DescribedPredicate<JavaClass>(
            "are public types of " + root + " other than " + PUBLIC_TYPES_INTERNALS_MAY_USE) {
          @Override
          public boolean test(JavaClass c) {
            String pkg = c.getPackageName();
            boolean publicFace = pkg.equals(root) || (pkg.startsWith(root + ".") && !pkg.startsWith(root + ".internal"));
            if (!publicFace || c.isArray()) {
              return false;
            }
            String name = c.getName().substring(pkg.length() + 1);
            String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
            return !PUBLIC_TYPES_INTERNALS_MAY_USE.contains(name)
                && !PUBLIC_TYPES_INTERNALS_MAY_USE.contains(outer);
          }
        });
  }

  /** Only the fake's clock reads the machine's clocks. */
  static ArchRule timeComesFromTheClock(String root, String systemClockClass) {
    return noClasses().that().resideInAPackage(root + "..").and().doNotHaveFullyQualifiedName(systemClockClass)
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .because("time comes from the fake's clock (FakeClock), so tests can advance it; real elapsed time from "
            + "SystemClock");
  }
}
