package dev.ciofake.junit5;

import dev.ciofake.CioFakeOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testing.FakeHttp;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The text of the failure the extension throws: a developer must know what to change from it alone (id, message,
 * fix, request, evidence, how to allow it) and it must never show an API key.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fakes set the cio.* properties
class FailureMessageTest {
  static final String TRACK_KEY = "trk-SECRET-1234567890";
  static final String APP_KEY = "app-SECRET-0987654321";

  @OnlyInTestKit
  static class FailingExample {
    static volatile String requestId;
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder()
        .options(CioFakeOptions.builder().workspace(new WorkspaceCredentials("acme", TRACK_KEY, APP_KEY)).build())
        .build();

    @Test
    void millisecondsAndAppKeyOnTrack(CioFake cio) {
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      FakeHttp.Response r = calls.trackWithMillis("42", "signed_up");
      assertThat(r.status()).isEqualTo(400);
      requestId = r.header("X-CIO-Fake-Request-Id");
      assertThat(calls.identifyWithAppKey("43").status()).isEqualTo(401);
    }

    @Test
    void identifiesInMillisecondsThenAssertsThePerson(CioFake cio) {
      // the quickstart's mistake: the identify is refused (400), so the person the test looks for is not there
      Calls.to(cio).identifyJson("42", "{\"email\":\"ada@example.com\",\"created_at\":" + Calls.MILLIS + "}");
      dev.ciofake.assertions.CioAssertions.assertThat(cio).person("42");
    }

    @Test
    void failsItselfAndCommitsAPitfall(CioFake cio) {
      Calls.to(cio).tracked("77", "signed_up", "{}");
      throw new IllegalStateException("the test's own failure");
    }
  }

  @Test
  void theMessageListsEachPitfallWithItsFixRequestAndEvidence() {
    TestKit.Results r = TestKit.run(FailingExample.class);

    String m = r.failure("millisecondsAndAppKeyOnTrack");
    assertThat(m).startsWith("cio-fake: millisecondsAndAppKeyOnTrack(CioFake) committed 2 Customer.io pitfall(s) "
        + "(workspace acme):\n\n");
    // the first pitfall, as a numbered block
    assertThat(m).contains("1. [error] millisecond-timestamp: 'timestamp' was sent in milliseconds ("
        + Calls.MILLIS + ")");
    assertThat(m).containsPattern("\n   fix: [^\n]*seconds");
    Matcher request = Pattern.compile("\n   request: (\\S+) POST /api/v1/customers/42/events\n").matcher(m);
    assertThat(request.find()).as("request line with id, method and path in:%n%s", m).isTrue();
    assertThat(request.group(1)).isNotEqualTo("-");
    assertThat(m).containsPattern("\n   evidence: [^\n]*field=timestamp[^\n]*value=" + Calls.MILLIS);
    // the second
    assertThat(m).contains("2. [error] wrong-api-key: ");
    assertThat(m).contains(" PUT /api/v1/customers/43\n");
    assertThat(m).containsPattern("\n   evidence: [^\n]*status=401");
    // where to read more and how to allow one
    assertThat(m).contains("Every pitfall: GET http://127.0.0.1:")
        .contains("/__cio/pitfalls?site_id=acme")
        .endsWith("If one is intended, allow it with @AllowPitfalls({\"millisecond-timestamp\"}).");
    // never a key, in clear or in a Basic header
    assertThat(m).doesNotContain(TRACK_KEY).doesNotContain(APP_KEY)
        .doesNotContain(Base64.getEncoder().encodeToString(("acme:" + APP_KEY).getBytes()))
        .doesNotContain(Base64.getEncoder().encodeToString(("acme:" + TRACK_KEY).getBytes()));
  }

  @Test
  void theRequestIdOfTheMessageIsTheOneTheClientGotBack() {
    FailingExample.requestId = null;

    String m = TestKit.run(FailingExample.class, "millisecondsAndAppKeyOnTrack")
        .failure("millisecondsAndAppKeyOnTrack");

    assertThat(FailingExample.requestId).isNotBlank();
    assertThat(m).contains("   request: " + FailingExample.requestId + " POST /api/v1/customers/42/events\n");
  }

  @Test
  void aTestThatFailsOnItsOwnFailsWithThePitfallsFirstAndItsOwnFailureAsTheCause() {
    TestKit.Results r = TestKit.run(FailingExample.class, "failsItselfAndCommitsAPitfall");

    Throwable t = r.throwable("failsItselfAndCommitsAPitfall");
    assertThat(t).isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("cio-fake: failsItselfAndCommitsAPitfall(CioFake) committed 1 Customer.io pitfall(s)")
        .hasMessageContaining("track-before-identify")
        .hasMessageContaining("Then the test failed on its own, most likely because of the pitfall(s) above: "
            + "java.lang.IllegalStateException: the test's own failure")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(t.getSuppressed()).as("the pitfalls are not reported a second time").isEmpty();
  }

  @Test
  void aMissingPersonAfterAMillisecondIdentifyLeadsWithTheMillisecondPitfall() {
    TestKit.Results r = TestKit.run(FailingExample.class, "identifiesInMillisecondsThenAssertsThePerson");

    Throwable t = r.throwable("identifiesInMillisecondsThenAssertsThePerson");
    String firstLines = t.getMessage().lines().limit(4).reduce("", (a, b) -> a + b + "\n");
    assertThat(firstLines).contains("committed 1 Customer.io pitfall(s)").contains("millisecond-timestamp");
    assertThat(t.getMessage()).contains("Expected a person \"42\"");
    assertThat(t.getCause()).isInstanceOf(AssertionError.class).hasMessageContaining("there is none");
  }
}
