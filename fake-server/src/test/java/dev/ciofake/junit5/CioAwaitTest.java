package dev.ciofake.junit5;

import static dev.ciofake.assertions.CioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFake;
import dev.ciofake.Pitfall;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code cio.await()}: waiting for calls a fire-and-forget integration makes off the request thread, and the
 * failure of a wait that times out, which lists what arrived instead.
 */
@CustomerIoFake(failOn = FailOn.NEVER)
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fake sets the cio.* properties
class CioAwaitTest {
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopBackground() throws InterruptedException {
    background.shutdownNow();
    Assertions.assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * A signup that reports to Customer.io fire-and-forget: the call returns at once, and a background thread sends
   * identify and track after {@code delay} (a slow network, a queue), as analytics clients do.
   */
  final class FireAndForgetSignup {
    private final FakeHttp http;
    private final Duration delay;

    FireAndForgetSignup(CioFake cio, Duration delay) {
      this.http = new FakeHttp(cio.baseUrl(), cio.credentials());
      this.delay = delay;
    }

    void signUp(String id, String email) {
      // the delay of the background delivery (a slow network, a queue), on the background thread
      Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, background);
      CompletableFuture.runAsync(() -> {
        http.track("PUT", "/api/v1/customers/" + id, "{\"email\":\"" + email + "\"}");
        http.track("POST", "/api/v1/customers/" + id + "/events", "{\"name\":\"signed_up\",\"data\":{\"plan\":\"pro\"}}");
      }, later);
    }
  }

  @Test
  void waitsForAnEventSentFromAnotherThread(CioFake cio) {
    new FireAndForgetSignup(cio, Duration.ofSeconds(1)).signUp("42", "ada@example.com");

    // right after the call nothing has arrived: a plain assertion here would fail
    assertThatThrownBy(() -> assertThat(cio).receivedEvent("signed_up")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("none arrived; no events at all");

    List<CioFake.Event> events = cio.await().atMost(Duration.ofSeconds(15)).untilEvent("signed_up").forPerson("42");

    Assertions.assertThat(events).singleElement().satisfies(e -> {
      Assertions.assertThat(e.personId()).isEqualTo("42");
      Assertions.assertThat(e.data()).containsEntry("plan", "pro");
    });
    assertThat(cio).receivedEvent("signed_up").forPerson("42").withData("plan", "pro").times(1);
    assertThat(cio).person("42").hasEmail("ada@example.com");
  }

  @Test
  void aTimeoutListsWhatArrivedInstead(CioFake cio) {
    Calls.to(cio).identify("42", "ada@example.com").identify("43", "grace@example.com")
        .tracked("42", "signed_in", "{}").tracked("43", "signup", "{}");

    assertThatThrownBy(() -> cio.await().atMost(Duration.ofMillis(300)).untilEvent("signed_up"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("cio-fake: waited 300 ms for event 'signed_up', but it did not arrive; received: 2 event(s): "
            + "'signed_in' for \"42\" (1x), 'signup' for \"43\" (1x)");
  }

  @Test
  void aTimeoutForAnotherPersonShowsWhoGotTheEvent(CioFake cio) {
    Calls.to(cio).identify("43", "grace@example.com").tracked("43", "signed_up", "{}");

    CioFake.Event got = cio.await(Duration.ofSeconds(5)).untilEvent("signed_up").events().get(0);
    Assertions.assertThat(got.personId()).isEqualTo("43");
    assertThatThrownBy(() -> cio.await(Duration.ofMillis(300)).untilEvent("signed_up").forPerson("42"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("cio-fake: waited 300 ms for event 'signed_up' for person \"42\", but it did not arrive; "
            + "received: 1 event(s): 'signed_up' for \"43\" (1x)");
  }

  @Test
  void untilPersonAndUntilPitfall(CioFake cio) {
    new FireAndForgetSignup(cio, Duration.ofMillis(200)).signUp("42", "ada@example.com");

    CioFake.Person p = cio.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
        .untilPerson("42");
    Assertions.assertThat(p.email()).isEqualTo("ada@example.com");

    Calls.to(cio).tracked("77", "signed_up", "{}");
    Pitfall pitfall = cio.await().untilPitfall("track-before-identify");
    Assertions.assertThat(pitfall.evidence()).containsEntry("person", "77");

    assertThatThrownBy(() -> cio.await(Duration.ofMillis(200)).untilPerson("ada"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("cio-fake: waited 200 ms for a person \"ada\" in workspace cio-fake-site, but it did not arrive; "
            + "people: 2 person(s): \"42\" <ada@example.com>, \"77\"");
    assertThatThrownBy(() -> cio.await(Duration.ofMillis(200)).untilPitfall("millisecond-timestamp"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("cio-fake: waited 200 ms for pitfall millisecond-timestamp, but it did not arrive; "
            + "pitfalls: track-before-identify (1x)");
  }

  @Test
  void untilACondition(CioFake cio) {
    new FireAndForgetSignup(cio, Duration.ofMillis(200)).signUp("42", "ada@example.com");

    cio.await().atMost(Duration.ofSeconds(15)).until("two calls", () -> cio.events().size() == 1
        && cio.people().size() == 1);

    assertThatThrownBy(() -> cio.await(Duration.ofMillis(200)).until("three people", () -> cio.people().size() == 3))
        .isInstanceOf(AssertionError.class)
        .hasMessage("cio-fake: waited 200 ms for three people, but it did not arrive; it did not hold");
  }
}
