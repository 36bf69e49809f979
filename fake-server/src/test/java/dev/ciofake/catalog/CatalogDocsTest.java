package dev.ciofake.catalog;

import dev.ciofake.internal.pitfall.detectors.PitfallCatalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.internal.pitfall.PitfallDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog is public API: every id is unique, documented with examples, and listed in the README. */
class CatalogDocsTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private static List<PitfallDefinition> catalog() {
    return PitfallCatalog.standard().catalog();
  }

  @Test
  void idsAreUniqueAndKebabCase() {
    List<PitfallDefinition> c = catalog();
    assertThat(new HashSet<>(c.stream().map(PitfallDefinition::id).toList())).hasSize(c.size());
    assertThat(c).allSatisfy(d -> assertThat(d.id()).matches("[a-z]+(-[a-z]+)*"));
    assertThat(c).allSatisfy(d -> assertThat(d.fix()).isNotBlank());
  }

  @Test
  void everyIdHasASectionWithAWrongAndARightExampleInDocsPitfallsMd() throws Exception {
    String docs = Files.readString(ROOT.resolve("docs/pitfalls.md"));
    for (PitfallDefinition d : catalog()) {
      int at = docs.indexOf("\n## " + d.id() + "\n");
      assertThat(at).as("section for %s", d.id()).isPositive();
      int next = docs.indexOf("\n## ", at + 4);
      String section = docs.substring(at, next < 0 ? docs.length() : next);
      assertThat(section).as("examples of %s", d.id()).contains("Wrong:").contains("Right:");
      assertThat(docs).contains("[`" + d.id() + "`](#" + d.id() + ")");
    }
  }

  @Test
  void everyIdIsInTheReadme() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (PitfallDefinition d : catalog()) {
      assertThat(readme).as("README lists %s", d.id()).contains("`" + d.id() + "`");
    }
  }
}
