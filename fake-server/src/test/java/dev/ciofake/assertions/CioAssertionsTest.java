package dev.ciofake.assertions;

import static dev.ciofake.assertions.CioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFake;
import dev.ciofake.junit5.Calls;
import dev.ciofake.junit5.CustomerIoFake;
import dev.ciofake.junit5.FailOn;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Each assertion of {@link CioAssertions}, passing and failing; a failure must say what was expected and what the
 * fake received instead, nearest first.
 */
@CustomerIoFake(failOn = FailOn.NEVER, rateLimits = false)
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fake sets the cio.* properties
class CioAssertionsTest {

  private static String failure(ThrowingCallable assertion) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> {
      try {
        assertion.call();
      } catch (Throwable t) {
        thrown[0] = t;
        throw t;
      }
    }).isInstanceOf(AssertionError.class);
    return thrown[0].getMessage();
  }

  // ---------------------------------------------------------------- pitfalls

  @Test
  void hasNoPitfalls(CioFake cio) {
    Calls calls = Calls.to(cio).identify("42", "ada@example.com").tracked("42", "signed_up", "{}");
    assertThat(cio).hasNoPitfalls();

    calls.tracked("77", "signed_up", "{}");
    String m = failure(() -> assertThat(cio).hasNoPitfalls());

    Assertions.assertThat(m).startsWith("Expected no pitfalls in workspace cio-fake-site, but found 1:")
        .contains("1. [error] track-before-identify: event 'signed_up' tracked for")
        .contains("\n   fix: Identify the person")
        .containsPattern("\n   request: \\S+ POST /api/v1/customers/77/events\n")
        .contains("\n   evidence: ")
        .contains("person=77")
        .doesNotContain(cio.trackApiKey()).doesNotContain(cio.appApiKey());
  }

  @Test
  void hasNoPitfallsExcept(CioFake cio) {
    Calls calls = Calls.to(cio).tracked("77", "signed_up", "{}");
    assertThat(cio).hasNoPitfallsExcept("track-before-identify");

    calls.identifyWithoutEmail("78");
    Assertions.assertThat(failure(() -> assertThat(cio).hasNoPitfallsExcept("track-before-identify")))
        .startsWith("Expected no pitfalls other than [track-before-identify] in workspace cio-fake-site, but found 1:")
        .contains("[warning] missing-email:")
        .doesNotContain("[error] track-before-identify");
  }

  @Test
  void hasPitfall(CioFake cio) {
    Assertions.assertThat(failure(() -> assertThat(cio).hasPitfall("track-before-identify")))
        .isEqualTo("Expected pitfall track-before-identify in workspace cio-fake-site, but the pitfalls were: none");

    Calls calls = Calls.to(cio).identifyWithoutEmail("78").identifyWithoutEmail("79");
    Assertions.assertThat(failure(() -> assertThat(cio).hasPitfall("track-before-identify")))
        .isEqualTo("Expected pitfall track-before-identify in workspace cio-fake-site, but the pitfalls were: "
            + "missing-email (2x)");

    calls.tracked("77", "signed_up", "{}");
    assertThat(cio).hasPitfall("track-before-identify").hasPitfall("missing-email");
  }

  @Test
  void doesNotHavePitfall(CioFake cio) {
    Calls calls = Calls.to(cio).identifyWithoutEmail("78");
    assertThat(cio).doesNotHavePitfall("track-before-identify");

    calls.tracked("77", "signed_up", "{}");
    Assertions.assertThat(failure(() -> assertThat(cio).doesNotHavePitfall("track-before-identify")))
        .startsWith("Expected no pitfall track-before-identify in workspace cio-fake-site, but found 1:")
        .contains("POST /api/v1/customers/77/events").doesNotContain("missing-email");
  }

  // ---------------------------------------------------------------- people

  @Test
  void personFailsListingTheNearestPeople(CioFake cio) {
    Assertions.assertThat(failure(() -> assertThat(cio).person("42")))
        .isEqualTo("Expected a person \"42\" in workspace cio-fake-site, but there is none; no people at all");

    Calls.to(cio).identify("zz", "b@c.de").identify("user-43", "ada.lovelace@example.com")
        .identify("user-9000", "grace@example.com");
    String m = failure(() -> assertThat(cio).person("user_43"));

    Assertions.assertThat(m).startsWith("Expected a person \"user_43\" in workspace cio-fake-site, but there is none; "
        + "3 person(s): ");
    Assertions.assertThat(m.indexOf("\"user-43\" <ada.lovelace@example.com>")).as("nearest id first in: %s", m)
        .isLessThan(m.indexOf("\"user-9000\"")).isLessThan(m.indexOf("\"zz\""));
  }

  @Test
  void personByIdEmailOrCioId(CioFake cio) {
    Calls.to(cio).identify("42", "ada@example.com");
    String cioId = cio.person("42").orElseThrow().cioId();

    assertThat(cio).person("42").hasEmail("ada@example.com");
    assertThat(cio).person("ada@example.com").hasEmail("ADA@example.com");
    assertThat(cio).person("cio_" + cioId).hasEmail("ada@example.com");
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").hasEmail("grace@example.com")))
        .isEqualTo("Expected person \"42\" to have email grace@example.com, but it is ada@example.com");
  }

  @Test
  void hasAttribute(CioFake cio) {
    Calls.assertOk(Calls.to(cio).identifyJson("42",
        "{\"email\":\"ada@example.com\",\"plan\":\"premium\",\"seats\":5,\"trial\":false}"));

    assertThat(cio).person("42").hasAttribute("plan", "premium").hasAttribute("seats", 5)
        .hasAttribute("seats", 5.0).hasAttribute("seats", 5L).hasAttribute("trial", false)
        .doesNotHaveAttribute("company");

    Assertions.assertThat(failure(() -> assertThat(cio).person("42").hasAttribute("plan", "pro")))
        .isEqualTo("Expected person \"42\" to have attribute plan=pro (string), but it is premium (string)");
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").hasAttribute("seats", "5")))
        .isEqualTo("Expected person \"42\" to have attribute seats=5 (string), but it is 5 (number)");
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").hasAttribute("company", "Acme")))
        .startsWith("Expected person \"42\" to have attribute company=Acme, but it has no such attribute; attributes: ")
        .contains("plan=premium").contains("seats=5");
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").doesNotHaveAttribute("plan")))
        .isEqualTo("Expected person \"42\" not to have attribute plan, but it is premium");
  }

  @Test
  void suppressedAndUnsubscribed(CioFake cio) {
    Calls calls = Calls.to(cio).identify("42", "ada@example.com");
    Calls.assertOk(calls.identifyJson("43", "{\"email\":\"grace@example.com\",\"unsubscribed\":true}"));

    assertThat(cio).person("42").isNotSuppressed();
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").isSuppressed()))
        .isEqualTo("Expected person \"42\" to be suppressed, but it is not");
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").isUnsubscribed()))
        .isEqualTo("Expected person \"42\" to be unsubscribed, but it is not (unsubscribed=null)");
    assertThat(cio).person("43").isUnsubscribed();

    Calls.assertOk(calls.http().track("POST", "/api/v1/customers/42/suppress", null));

    assertThat(cio).person("42").isSuppressed();
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").isNotSuppressed()))
        .isEqualTo("Expected person \"42\" not to be suppressed, but it is");
  }

  @Test
  void segmentsAndDevices(CioFake cio) {
    Calls calls = Calls.to(cio).identify("42", "ada@example.com");
    Calls.assertOk(calls.http().track("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"42\"]}"));
    Calls.assertOk(calls.http().track("PUT", "/api/v1/customers/42/devices",
        "{\"device\":{\"id\":\"tok_ios_1\",\"platform\":\"ios\"}}"));

    assertThat(cio).person("42").isInSegment(7).isInSegment("7").hasDevice("tok_ios_1");
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").isInSegment(8)))
        .isEqualTo("Expected person \"42\" to be in segment 8, but its segments are [7]");
    Assertions.assertThat(failure(() -> assertThat(cio).person("42").hasDevice("tok_android_1")))
        .isEqualTo("Expected person \"42\" to have device tok_android_1, but its devices are [tok_ios_1]");
  }

  // ---------------------------------------------------------------- events

  @Test
  void receivedEventFailsListingTheNearestNames(CioFake cio) {
    Assertions.assertThat(failure(() -> assertThat(cio).receivedEvent("signed_up")))
        .isEqualTo("Expected event 'signed_up' in workspace cio-fake-site, but none arrived; no events at all");

    Calls.to(cio).identify("42", "ada@example.com").tracked("42", "page_viewed", "{}")
        .tracked("42", "page_viewed", "{}").tracked("42", "signup", "{}").tracked("42", "signed_in", "{}");
    String m = failure(() -> assertThat(cio).receivedEvent("signed_up"));

    Assertions.assertThat(m).isEqualTo("Expected event 'signed_up' in workspace cio-fake-site, but none arrived; "
        + "4 event(s): 'signed_in' for \"42\" (1x), 'signup' for \"42\" (1x), 'page_viewed' for \"42\" (2x)");
  }

  @Test
  void receivedEventNarrowedByPersonDataAndCount(CioFake cio) {
    Calls.to(cio).identify("42", "ada@example.com").identify("43", "grace@example.com")
        .tracked("42", "signed_up", "{\"plan\":\"pro\",\"seats\":3}")
        .tracked("43", "signed_up", "{\"plan\":\"free\"}")
        .tracked("43", "signed_up", "{\"plan\":\"free\"}");

    assertThat(cio).receivedEvent("signed_up").forPerson("42").withData("plan", "pro").withData("seats", 3.0)
        .times(1);
    assertThat(cio).receivedEvent("signed_up").times(3);
    assertThat(cio).receivedNoEvent("signed_in");
    Assertions.assertThat(assertThat(cio).receivedEvent("signed_up").forPerson("43").events())
        .extracting(CioFake.Event::personId).containsExactly("43", "43");

    Assertions.assertThat(failure(() -> assertThat(cio).receivedEvent("signed_up").forPerson("44")))
        .isEqualTo("Expected event 'signed_up' for person \"44\", but it arrived for \"42\", \"43\"");
    Assertions.assertThat(failure(() -> assertThat(cio).receivedEvent("signed_up").forPerson("42")
        .withData("plan", "enterprise")))
        .isEqualTo("Expected event 'signed_up' for \"42\" with data plan=enterprise, but its data was: "
            + "{plan=pro, seats=3}");
    Assertions.assertThat(failure(() -> assertThat(cio).receivedEvent("signed_up").forPerson("43").times(1)))
        .isEqualTo("Expected event 'signed_up' for \"43\" 1 time(s), but it arrived 2 time(s) "
            + "(a retry without an event id?)");
    Assertions.assertThat(failure(() -> assertThat(cio).receivedEvent("signed_up").times(4)))
        .isEqualTo("Expected event 'signed_up' 4 time(s), but it arrived 3 time(s)");
    Assertions.assertThat(failure(() -> assertThat(cio).receivedNoEvent("signed_up")))
        .isEqualTo("Expected no event 'signed_up' in workspace cio-fake-site, but 3 arrived");
  }

  @Test
  void ofType(CioFake cio) {
    Calls calls = Calls.to(cio).identify("42", "ada@example.com");
    Calls.assertOk(calls.http().track("POST", "/api/v1/customers/42/events",
        "{\"name\":\"https://example.com/pricing\",\"type\":\"page\"}"));

    assertThat(cio).receivedEvent("https://example.com/pricing").ofType("page").times(1);
    Assertions.assertThat(failure(() -> assertThat(cio).receivedEvent("https://example.com/pricing")
        .ofType("screen")))
        .isEqualTo("Expected event 'https://example.com/pricing' of type screen, but the types were [page]");
  }

  // ---------------------------------------------------------------- transactional deliveries

  @Test
  void sentTransactionalEmail(CioFake cio) {
    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactionalEmail()))
        .isEqualTo("Expected a transactional email in workspace cio-fake-site, but none was sent; deliveries: none");

    Calls calls = Calls.to(cio).identify("42", "ada@example.com").identify("43", "grace@example.com");
    Calls.assertOk(calls.sendEmail("ada@example.com", "42", 7, "{\"order\":\"ord_1\"}"));
    Calls.assertOk(calls.sendEmail("grace@example.com", "43", 8, "{\"order\":\"ord_2\"}"));

    assertThat(cio).sentTransactionalEmail().to("ada@example.com").withMessageId(7)
        .inState("sent").withMessageData("order", "ord_1").times(1);
    assertThat(cio).sentTransactionalEmail().times(2);

    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactionalEmail().to("linus@example.com")))
        .isEqualTo("Expected a transactional email to linus@example.com, but the recipients were: "
            + "ada@example.com, grace@example.com");
    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactionalEmail().to("ada@example.com")
        .withMessageId(8)))
        .isEqualTo("Expected a transactional email to ada@example.com of transactional message 8, but the messages "
            + "were: 7");
    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactionalEmail().inState("suppressed")))
        .isEqualTo("Expected a transactional email in state suppressed, but the states were [sent]");
    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactionalEmail().withMessageData("order", "ord_3")))
        .isEqualTo("Expected a transactional email with message_data order=ord_3, but the message data was: "
            + "{order=ord_1}, {order=ord_2}");
    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactionalEmail().times(3)))
        .isEqualTo("Expected a transactional email 3 time(s), but it was sent 2 time(s)");
    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactional("sms")))
        .isEqualTo("Expected a transactional sms in workspace cio-fake-site, but none was sent; deliveries: "
            + "email to ada@example.com (message 7), email to grace@example.com (message 8)");
  }

  @Test
  void toMatchesWholeAddressesOnly(CioFake cio) {
    Calls calls = Calls.to(cio).identify("42", "ada@example.com").identify("43", "grada@example.com");
    Calls.assertOk(calls.sendEmail("Ada Lovelace <ADA@example.com>", "42", 7, "{}"));
    Calls.assertOk(calls.sendEmail("grada@example.com", "43", 7, "{}"));

    assertThat(cio).sentTransactionalEmail().to("ada@example.com").times(1);
    assertThat(cio).sentTransactionalEmail().to("Ada Lovelace <ADA@example.com>").times(1);
    assertThat(cio).sentTransactionalEmail().to("grada@example.com").times(1);
    Assertions.assertThat(failure(() -> assertThat(cio).sentTransactionalEmail().to("da@example.com")))
        .isEqualTo("Expected a transactional email to da@example.com, but the recipients were: "
            + "Ada Lovelace <ADA@example.com>, grada@example.com");
  }

  @Test
  void addressedToReadsTheRenderedRecipientForms() {
    Assertions.assertThat(DeliveriesAssert.addressedTo("a@b.c, Lovelace, Ada <ada@example.com>", "ada@example.com"))
        .isTrue();
    Assertions.assertThat(DeliveriesAssert.addressedTo("[\"tok_1\",\"tok_2\"]", "tok_2")).isTrue();
    Assertions.assertThat(DeliveriesAssert.addressedTo("[\"tok_1\",\"tok_2\"]", "tok_")).isFalse();
    Assertions.assertThat(DeliveriesAssert.addressedTo("+15555550100", "+15555550100")).isTrue();
    Assertions.assertThat(DeliveriesAssert.addressedTo(null, "a@b.c")).isFalse();
  }

  @Test
  void sendToASuppressedPersonIsStoredAsSuppressed(CioFake cio) {
    Calls calls = Calls.to(cio).identify("42", "ada@example.com");
    Calls.assertOk(calls.http().track("POST", "/api/v1/customers/42/suppress", null));
    Calls.assertOk(calls.sendEmail("ada@example.com", "42", 7, "{}"));

    assertThat(cio).sentTransactionalEmail().to("ada@example.com").inState("suppressed").times(1);
  }
}
