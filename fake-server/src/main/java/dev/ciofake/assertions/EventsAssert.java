package dev.ciofake.assertions;

import dev.ciofake.CioFake;
import dev.ciofake.internal.Describe;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Assertions on events, narrowed step by step: {@code .forPerson("42").withData("plan", "pro").times(1)}. */
public final class EventsAssert extends AbstractAssert<EventsAssert, List<CioFake.Event>> {
  private final String what;

  EventsAssert(List<CioFake.Event> actual, String what) {
    super(actual, EventsAssert.class);
    this.what = what;
  }

  /** Keeps the events of this person (id or anonymous id); fails, showing who received them, when none is left. */
  public EventsAssert forPerson(String personId) {
    List<CioFake.Event> mine = actual.stream()
        .filter(e -> personId.equals(e.personId()) || personId.equals(e.anonymousId())).toList();
    if (mine.isEmpty()) {
      failWithMessage("Expected %s for person \"%s\", but it arrived for %s", what, personId,
          actual.stream().map(Describe::who).distinct().collect(Collectors.joining(", ")));
    }
    return new EventsAssert(mine, what + " for \"" + personId + "\"");
  }

  /** Keeps the events whose data has this key and value; fails, showing their data, when none is left. */
  public EventsAssert withData(String key, Object value) {
    List<CioFake.Event> matching = actual.stream()
        .filter(e -> e.data().containsKey(key) && PersonAssert.same(e.data().get(key), value)).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expected %s with data %s=%s, but its data was: %s", what, key, value,
          actual.stream().map(e -> e.data().toString()).distinct().limit(10).collect(Collectors.joining(", ")));
    }
    return new EventsAssert(matching, what + " with " + key + "=" + value);
  }

  /** Keeps the events of this type ({@code event}, {@code page}, {@code screen}). */
  public EventsAssert ofType(String type) {
    List<CioFake.Event> matching = actual.stream().filter(e -> type.equals(e.type())).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expected %s of type %s, but the types were %s", what, type,
          actual.stream().map(CioFake.Event::type).distinct().toList());
    }
    return new EventsAssert(matching, what + " of type " + type);
  }

  /** Exactly {@code n} such events arrived. */
  public EventsAssert times(int n) {
    if (actual.size() != n) {
      failWithMessage("Expected %s %d time(s), but it arrived %d time(s)%s", what, n, actual.size(),
          actual.size() > n ? " (a retry without an event id?)" : "");
    }
    return this;
  }

  /** The events, for further AssertJ assertions. */
  public List<CioFake.Event> events() {
    return actual;
  }
}
