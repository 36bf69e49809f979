package dev.ciofake;

import dev.ciofake.internal.Describe;
import dev.ciofake.internal.util.SystemClock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for calls that an integration makes off the request thread (fire-and-forget analytics) to reach the fake,
 * with Awaitility underneath. A wait that times out fails with the same message as the assertions: what was
 * expected and what the fake received instead.
 *
 * <pre>{@code
 * cio.await().atMost(Duration.ofSeconds(5)).untilEvent("signed_up").forPerson("42");
 * }</pre>
 *
 * Needs {@code org.awaitility:awaitility} on the test class path.
 */
public final class CioAwait {
  /** Default time a wait allows. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final CioFake fake;
  private Duration atMost = DEFAULT_TIMEOUT;
  private Duration pollInterval = Duration.ofMillis(25);

  CioAwait(CioFake fake) {
    this.fake = fake;
  }

  /** The longest the wait may take. */
  public CioAwait atMost(Duration timeout) {
    this.atMost = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** How often the fake is polled (default 25 ms). */
  public CioAwait pollInterval(Duration interval) {
    this.pollInterval = Objects.requireNonNull(interval, "interval");
    return this;
  }

  /** Waits until an event with this name arrived; narrow it with {@link EventWait#forPerson(String)}. */
  public EventWait untilEvent(String name) {
    long deadline = SystemClock.realNanos() + atMost.toNanos();
    EventWait w = new EventWait(name, null, deadline);
    w.await();
    return w;
  }

  /** Waits until the person exists, and returns it. */
  public CioFake.Person untilPerson(String identifier) {
    long deadline = SystemClock.realNanos() + atMost.toNanos();
    return until(deadline, () -> fake.person(identifier).orElse(null), p -> p != null,
        () -> "a person \"" + identifier + "\" in workspace " + fake.siteId(),
        () -> "people: " + Describe.people(fake.people(), identifier));
  }

  /** Waits until a pitfall with this id was recorded, and returns it. */
  public Pitfall untilPitfall(String id) {
    long deadline = SystemClock.realNanos() + atMost.toNanos();
    return until(deadline, () -> fake.pitfalls().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null),
        p -> p != null, () -> "pitfall " + id, () -> "pitfalls: " + Describe.pitfallIds(fake.pitfalls()));
  }

  /** Waits until a condition on the fake holds. */
  public void until(String description, Callable<Boolean> condition) {
    long deadline = SystemClock.realNanos() + atMost.toNanos();
    until(deadline, () -> {
      try {
        return condition.call();
      } catch (Exception e) {
        return false;
      }
    }, Boolean.TRUE::equals, () -> description, () -> "it did not hold");
  }

  private <T> T until(long deadline, Supplier<T> value, Predicate<T> ok, Supplier<String> expected,
      Supplier<String> actual) {
    Duration left = Duration.ofNanos(deadline - SystemClock.realNanos());
    if (left.isNegative() || left.isZero()) {
      left = Duration.ofMillis(1);
    }
    try {
      return Awaitility.await()
          .atMost(left.toMillis(), TimeUnit.MILLISECONDS)
          .pollDelay(Duration.ZERO)
          .pollInterval(pollInterval)
          .until(value::get, ok::test);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("cio-fake: waited " + atMost.toMillis() + " ms for " + expected.get()
          + ", but it did not arrive; " + actual.get());
    }
  }

  /** A wait on events with a name, narrowed step by step; each step waits within the same deadline. */
  public final class EventWait {
    private final String name;
    private final String person;
    private final long deadline;

    EventWait(String name, String person, long deadline) {
      this.name = name;
      this.person = person;
      this.deadline = deadline;
    }

    private boolean matches(CioFake.Event e) {
      return e.name().equals(name) && (person == null || person.equals(e.personId())
          || person.equals(e.anonymousId()));
    }

    List<CioFake.Event> await() {
      return until(deadline, () -> fake.events().stream().filter(this::matches).toList(), l -> !l.isEmpty(),
          () -> "event '" + name + "'" + (person == null ? "" : " for person \"" + person + "\""),
          () -> "received: " + Describe.events(fake.events(), name));
    }

    /** Waits until the event arrived for this person (id or anonymous id); returns those events. */
    public List<CioFake.Event> forPerson(String personId) {
      return new EventWait(name, personId, deadline).await();
    }

    /** The matching events so far. */
    public List<CioFake.Event> events() {
      return fake.events().stream().filter(this::matches).toList();
    }
  }
}
