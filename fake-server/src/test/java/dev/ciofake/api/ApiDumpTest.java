package dev.ciofake.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.ApiDump;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public API of the library is frozen in {@code fake-server/api/cio-fake.api}: a change of a public signature fails
 * here until the dump is rewritten ({@code -Dcio-fake.api.update=true}) and committed with the change.
 */
class ApiDumpTest {

  @Test
  void thePublicApiIsTheCheckedInOne() throws Exception {
    ApiDump.check(CioFakeServer.class, Path.of("api/cio-fake.api"));
  }

  @Test
  void aChangedPublicSignatureChangesTheDumpAndAHiddenMemberDoesNot() {
    String before = ApiDump.of(List.of(dev.ciofake.testing.apifixture.before.Widget.class))
        .replace(".before.", ".X.");
    String after = ApiDump.of(List.of(dev.ciofake.testing.apifixture.after.Widget.class)).replace(".after.", ".X.");

    assertThat(before).contains("public java.lang.String dev.ciofake.testing.apifixture.X.Widget.name()")
        .doesNotContain("hidden");
    assertThat(after).contains("public java.lang.String dev.ciofake.testing.apifixture.X.Widget.name(int)");
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void theDumpHoldsThePublicFacesAndNoInternals() throws Exception {
    String dump = ApiDump.of(CioFakeServer.class);
    assertThat(dump).contains("public final class dev.ciofake.CioFakeServer", "public final class dev.ciofake.CioFake",
        "dev.ciofake.junit5.CustomerIoFakeExtension", "dev.ciofake.testcontainers.CustomerIoFakeContainer",
        "public static final java.lang.String dev.ciofake.PitfallIds.MISSING_EMAIL");
    assertThat(dump).doesNotContain(".internal.");
  }
}
