package dev.ciofake.assertions;

import dev.ciofake.CioFake;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Assertions on transactional deliveries, narrowed step by step: {@code .to("a@b.c").withMessageId(7)}. */
public final class DeliveriesAssert extends AbstractAssert<DeliveriesAssert, List<CioFake.Delivery>> {
  private final String what;

  DeliveriesAssert(List<CioFake.Delivery> actual, String what) {
    super(actual, DeliveriesAssert.class);
    this.what = what;
  }

  /** Keeps the deliveries to this recipient (email address, phone, or a device token). */
  public DeliveriesAssert to(String recipient) {
    List<CioFake.Delivery> matching = actual.stream().filter(d -> addressedTo(d.recipient(), recipient)).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expected a %s to %s, but the recipients were: %s", what, recipient,
          actual.stream().map(CioFake.Delivery::recipient).distinct().collect(Collectors.joining(", ")));
    }
    return new DeliveriesAssert(matching, what + " to " + recipient);
  }

  /** Keeps the deliveries of this transactional message (a number or a trigger name). */
  public DeliveriesAssert withMessageId(Object messageId) {
    List<CioFake.Delivery> matching = actual.stream()
        .filter(d -> String.valueOf(messageId).equals(d.messageId())).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expected a %s of transactional message %s, but the messages were: %s", what, messageId,
          actual.stream().map(CioFake.Delivery::messageId).distinct().collect(Collectors.joining(", ")));
    }
    return new DeliveriesAssert(matching, what + " of message " + messageId);
  }

  /** Keeps the deliveries in this state ({@code sent}, {@code scheduled}, {@code suppressed}, ...). */
  public DeliveriesAssert inState(String state) {
    List<CioFake.Delivery> matching = actual.stream().filter(d -> state.equals(d.state())).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expected a %s in state %s, but the states were %s", what, state,
          actual.stream().map(CioFake.Delivery::state).distinct().toList());
    }
    return new DeliveriesAssert(matching, what + " in state " + state);
  }

  /** Keeps the deliveries whose message data has this key and value. */
  public DeliveriesAssert withMessageData(String key, Object value) {
    List<CioFake.Delivery> matching = actual.stream()
        .filter(d -> PersonAssert.same(d.messageData().get(key), value)).toList();
    if (matching.isEmpty()) {
      failWithMessage("Expected a %s with message_data %s=%s, but the message data was: %s", what, key, value,
          actual.stream().map(d -> d.messageData().toString()).distinct().collect(Collectors.joining(", ")));
    }
    return new DeliveriesAssert(matching, what + " with " + key + "=" + value);
  }

  /** Exactly {@code n} such deliveries. */
  public DeliveriesAssert times(int n) {
    if (actual.size() != n) {
      failWithMessage("Expected a %s %d time(s), but it was sent %d time(s)", what, n, actual.size());
    }
    return this;
  }

  /**
   * Whether one of the addresses of a rendered recipient ({@code ada@example.com}, {@code Ada <ada@example.com>}, a
   * comma-separated list, a phone, a JSON array of device tokens) is {@code wanted}, case-insensitively. Whole
   * addresses only: {@code ada@example.com} is not {@code grada@example.com}.
   */
  static boolean addressedTo(String recipient, String wanted) {
    if (recipient == null || wanted == null) {
      return false;
    }
    String w = wanted.trim();
    String list = recipient.trim();
    if (list.startsWith("[") && list.endsWith("]")) {
      list = list.substring(1, list.length() - 1);
    }
    for (String part : list.split(",")) {
      String a = part.trim();
      if (a.length() >= 2 && a.startsWith("\"") && a.endsWith("\"")) {
        a = a.substring(1, a.length() - 1);
      }
      int lt = a.lastIndexOf('<');
      int gt = a.lastIndexOf('>');
      String address = lt >= 0 && gt > lt ? a.substring(lt + 1, gt).trim() : a;
      if (address.equalsIgnoreCase(w) || a.equalsIgnoreCase(w)) {
        return true;
      }
    }
    return false;
  }

  static String describe(List<CioFake.Delivery> all) {
    if (all.isEmpty()) {
      return "none";
    }
    return all.stream().map(d -> d.channel() + " to " + d.recipient() + " (message " + d.messageId() + ")")
        .distinct().limit(10).collect(Collectors.joining(", "));
  }
}
