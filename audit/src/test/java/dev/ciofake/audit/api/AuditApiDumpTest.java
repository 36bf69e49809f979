package dev.ciofake.audit.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.audit.Auditor;
import dev.ciofake.testing.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API of the audit module is frozen in {@code audit/api/cio-fake-audit.api}; a changed public signature
 * fails here until the dump is rewritten with {@code -Dcio-fake.api.update=true} and committed.
 */
class AuditApiDumpTest {

  @Test
  void thePublicApiIsTheCheckedInOne() throws Exception {
    ApiDump.check(Auditor.class, Path.of("api/cio-fake-audit.api"));
  }

  @Test
  void theDumpNamesTheAuditorAndItsFindings() {
    assertThat(ApiDump.of(Auditor.class)).contains("dev.ciofake.audit.Auditor", "dev.ciofake.audit.Finding");
  }
}
