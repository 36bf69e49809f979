package dev.ciofake.assertions;

import dev.ciofake.CioFake;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.Describe;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a fake workspace; start with {@link CioAssertions#assertThat(CioFake)}. */
public final class CioFakeAssert extends AbstractAssert<CioFakeAssert, CioFake> {

  CioFakeAssert(CioFake actual) {
    super(actual, CioFakeAssert.class);
  }

  /** No pitfall of any severity. The failure lists each pitfall with its fix and evidence. */
  public CioFakeAssert hasNoPitfalls() {
    isNotNull();
    List<Pitfall> ps = actual.pitfalls();
    if (!ps.isEmpty()) {
      failWithMessage("Expected no pitfalls in workspace %s, but found %d:%n%s", actual.siteId(), ps.size(),
          Describe.pitfalls(ps));
    }
    return this;
  }

  /** No pitfall except those with the given ids. */
  public CioFakeAssert hasNoPitfallsExcept(String... allowedIds) {
    isNotNull();
    Set<String> allowed = Set.of(allowedIds);
    List<Pitfall> ps = actual.pitfalls().stream().filter(p -> !allowed.contains(p.id())).toList();
    if (!ps.isEmpty()) {
      failWithMessage("Expected no pitfalls other than %s in workspace %s, but found %d:%n%s",
          Arrays.toString(allowedIds), actual.siteId(), ps.size(), Describe.pitfalls(ps));
    }
    return this;
  }

  /** At least one pitfall with this id. The failure lists the pitfalls that did fire. */
  public CioFakeAssert hasPitfall(String id) {
    isNotNull();
    List<Pitfall> ps = actual.pitfalls();
    if (ps.stream().noneMatch(p -> p.id().equals(id))) {
      failWithMessage("Expected pitfall %s in workspace %s, but the pitfalls were: %s", id, actual.siteId(),
          Describe.pitfallIds(ps));
    }
    return this;
  }

  /** No pitfall with this id. The failure shows its occurrences. */
  public CioFakeAssert doesNotHavePitfall(String id) {
    isNotNull();
    List<Pitfall> ps = actual.pitfalls().stream().filter(p -> p.id().equals(id)).toList();
    if (!ps.isEmpty()) {
      failWithMessage("Expected no pitfall %s in workspace %s, but found %d:%n%s", id, actual.siteId(), ps.size(),
          Describe.pitfalls(ps));
    }
    return this;
  }

  /** Assertions on one person (by id, email or cio_ id); fails, listing the nearest people, when absent. */
  public PersonAssert person(String identifier) {
    isNotNull();
    CioFake.Person p = actual.person(identifier).orElse(null);
    if (p == null) {
      failWithMessage("Expected a person \"%s\" in workspace %s, but there is none; %s", identifier,
          actual.siteId(), Describe.people(actual.people(), identifier));
    }
    return new PersonAssert(p, identifier);
  }

  /** Assertions on the events with this name; fails, listing the nearest names received, when there is none. */
  public EventsAssert receivedEvent(String name) {
    isNotNull();
    List<CioFake.Event> all = actual.events();
    List<CioFake.Event> named = all.stream().filter(e -> e.name().equals(name)).toList();
    if (named.isEmpty()) {
      failWithMessage("Expected event '%s' in workspace %s, but none arrived; %s", name, actual.siteId(),
          Describe.events(all, name));
    }
    return new EventsAssert(named, "event '" + name + "'");
  }

  /** No event with this name arrived. */
  public CioFakeAssert receivedNoEvent(String name) {
    isNotNull();
    long n = actual.events().stream().filter(e -> e.name().equals(name)).count();
    if (n > 0) {
      failWithMessage("Expected no event '%s' in workspace %s, but %d arrived", name, actual.siteId(), n);
    }
    return this;
  }

  /** Assertions on the transactional emails sent; fails when there is none. */
  public DeliveriesAssert sentTransactionalEmail() {
    return sentTransactional("email");
  }

  /** Assertions on the transactional messages of a channel ({@code push}, {@code sms}, ...). */
  public DeliveriesAssert sentTransactional(String channel) {
    isNotNull();
    List<CioFake.Delivery> all = actual.deliveries();
    List<CioFake.Delivery> ofChannel = all.stream().filter(d -> channel.equals(d.channel())).toList();
    if (ofChannel.isEmpty()) {
      failWithMessage("Expected a transactional %s in workspace %s, but none was sent; deliveries: %s", channel,
          actual.siteId(), DeliveriesAssert.describe(all));
    }
    return new DeliveriesAssert(ofChannel, "transactional " + channel);
  }
}
