package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SARIF output validates against the SARIF 2.1.0 JSON Schema (networknt). The schema is vendored in
 * src/test/resources/sarif/ (see README.md there for its source and checksum).
 */
class SarifSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Schema schema() throws Exception {
    try (InputStream in = SarifSchemaTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(text);
    }
  }

  @Test
  void theFixtureShopsSarifIsValidSarif210() throws Exception {
    AuditResult r = Auditor.run(Fixtures.options(Fixtures.SHOP).withEslint(false));
    JsonNode sarif = JSON.readTree(AuditReports.sarif(r, "0.1.0-test", Fixtures.SHOP));
    List<Error> errors = schema().validate(sarif);
    assertThat(errors).isEmpty();
    JsonNode run = sarif.get("runs").get(0);
    assertThat(run.get("results")).hasSize(r.findings().size());
    JsonNode first = run.get("results").get(0);
    assertThat(first.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
    assertThat(first.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
    assertThat(run.at("/tool/driver/rules").size()).isEqualTo(AuditCatalog.all().size());
  }

  @Test
  void anEmptyRunIsValidToo() throws Exception {
    AuditResult r = Auditor.run(Fixtures.options(Fixtures.SHOP.resolve("templates/emails/welcome.liquid")));
    JsonNode sarif = JSON.readTree(AuditReports.sarif(r, "0.1.0-test", Fixtures.SHOP));
    assertThat(schema().validate(sarif)).isEmpty();
    assertThat(sarif.at("/runs/0/results")).isEmpty();
  }

  @Test
  void aBrokenLogIsRefusedByTheSchema() throws Exception {
    JsonNode broken = JSON.readTree("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}");
    assertThat(schema().validate(broken)).isNotEmpty();
  }
}
