package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.detectors.PitfallCatalog;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One catalog: an audit id that the fake also records at run time has the fake's id and severity, a static-only id
 * is not a run-time id, and docs/audit.md documents every id. (The one test that reads fake-server internals.)
 */
class SharedIdsTest {
  private static final Map<String, PitfallDefinition> RUNTIME = PitfallCatalog.standard().catalog().stream()
      .collect(Collectors.toMap(PitfallDefinition::id, d -> d));

  @Test
  void sharedIdsKeepTheRuntimeIdAndSeverity() {
    for (FindingType t : AuditCatalog.all()) {
      assertThat(t.id()).matches("[a-z]+(-[a-z]+)*");
      if (t.runtime()) {
        assertThat(RUNTIME).as("run-time pitfall %s", t.id()).containsKey(t.id());
        assertThat(t.severity()).as("severity of %s", t.id()).isEqualTo(RUNTIME.get(t.id()).severity());
      } else {
        assertThat(RUNTIME).as("static-only %s", t.id()).doesNotContainKey(t.id());
      }
    }
  }

  @Test
  void docsAuditMdDocumentsEveryId() throws Exception {
    String docs = Files.readString(Fixtures.REPO.resolve("docs/audit.md"));
    for (FindingType t : AuditCatalog.all()) {
      assertThat(docs).as("section for %s", t.id()).contains("\n## " + t.id() + "\n");
      assertThat(docs).contains("[`" + t.id() + "`](#" + t.id() + ")");
    }
    assertThat(docs).contains(String.valueOf(AuditScore.ERROR_COST)).contains(String.valueOf(AuditScore.WARNING_COST));
  }

  @Test
  void thePluginsRulesMapToCatalogIds() {
    assertThat(EslintBridge.RULES.keySet()).allSatisfy(id -> assertThat(AuditCatalog.byId(id)).isNotNull());
  }
}
