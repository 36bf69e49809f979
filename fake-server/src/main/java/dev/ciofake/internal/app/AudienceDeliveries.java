package dev.ciofake.internal.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.state.EspSuppressions;
import dev.ciofake.internal.state.Person;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.webhook.DeliveryEvents;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The messages a broadcast trigger or a newsletter send makes: one delivery per person of the audience, of the
 * definition's first action (or content), stored with its parent's ids and living the same life as a transactional
 * send (reporting-webhook events, metrics, activities). People who unsubscribed get none (broadcasts and newsletters
 * are marketing); an address on the ESP suppression list gets a delivery that is dropped.
 */
public final class AudienceDeliveries {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private AudienceDeliveries() {}

  /**
   * A 404 when the workspace defines broadcasts but not this one (a workspace without broadcast definitions takes
   * any id: the fake cannot know which exist).
   */
  public static void requireDefined(Workspace w, String kind, String id, String what) {
    if (w.definitions().defines(kind) && w.definitions().get(kind, id) == null) {
      throw new StateRejection(what, "not found: the " + what.replace('_', ' ') + " " + id
          + " is not defined in this workspace (its workspace file defines others)", 404);
    }
  }

  /** A new delivery id (28 characters, as the real ones). */
  public static String deliveryId() {
    char[] c = new char[28];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }

  /**
   * Delivers {@code message} (an action or content with {@code id}, {@code type}, {@code subject}, {@code body},
   * {@code from}) to the people {@code who} selects.
   *
   * @param parent the delivery's parent ids ({@code broadcast_id}, {@code trigger_id}, {@code newsletter_id}, ...)
   * @return the deliveries made
   */
  public static List<ObjectNode> deliver(Workspace w, DeliveryEvents events, Predicate<Person> who,
      JsonNode message, ObjectNode parent, String partIdField, long now) {
    List<ObjectNode> audience = w.people().readAll(p -> who.test(p) && !p.unsubscribed() ? recipient(p) : null);
    List<ObjectNode> made = new ArrayList<>();
    String channel = channel(message == null ? "email" : message.path("type").asText("email"));
    for (ObjectNode person : audience) {
      if (person == null) {
        continue;
      }
      String address = address(channel, person);
      if (address == null) {
        continue; // nobody to send to on this channel: the real service skips the person too
      }
      ObjectNode d = Json.object();
      d.put("delivery_id", deliveryId());
      d.put("channel", channel);
      d.setAll(parent);
      if (message != null && message.path("id").canConvertToLong()) {
        d.put(partIdField, message.get("id").asLong());
      }
      d.set("person", person);
      d.put("recipient", address);
      if (message != null) {
        for (String f : List.of("subject", "body", "from", "reply_to")) {
          if (message.path(f).isTextual()) {
            d.set(f, message.get(f));
          }
        }
      }
      d.put("queued_at", now);
      EspSuppressions.Entry suppressed = channel.equals("email") ? w.suppressions().suppression(address) : null;
      if (suppressed != null) {
        d.put("esp_suppression", suppressed.type());
      }
      d.put("state", "sent");
      w.messages().addDelivery(d);
      events.afterSend(w, d);
      made.add(d);
    }
    return made;
  }

  /** The people a trigger names (ids, emails, per-user data), each once, as a filter. */
  public static Predicate<Person> named(List<PersonRef> refs) {
    Set<String> ids = new LinkedHashSet<>();
    Set<String> emails = new LinkedHashSet<>();
    refs.forEach(r -> (r.type().equals(PersonRef.EMAIL) ? emails : ids).add(
        r.type().equals(PersonRef.EMAIL) ? r.value().toLowerCase(java.util.Locale.ROOT) : r.value()));
    return p -> (p.id() != null && ids.contains(p.id()))
        || (p.email() != null && emails.contains(p.email().toLowerCase(java.util.Locale.ROOT)));
  }

  private static ObjectNode recipient(Person p) {
    ObjectNode n = Json.object();
    n.put("cio_id", p.cioId());
    n.put("id", p.id());
    n.put("email", p.email());
    JsonNode phone = p.attributes().get("phone");
    if (phone != null && phone.isTextual()) {
      n.put("phone", phone.asText());
    }
    if (!p.devices().isEmpty()) {
      n.put("device", p.devices().keySet().iterator().next());
    }
    return n;
  }

  private static String address(String channel, ObjectNode person) {
    switch (channel) {
      case "email":
        return person.path("email").asText(null);
      case "sms":
      case "whatsapp":
        return person.path("phone").asText(null);
      case "push":
        return person.path("device").asText(null);
      default:
        return person.path("id").asText(person.path("cio_id").asText());
    }
  }

  /** A delivery's channel for an action or content type ({@code twilio} is SMS). */
  static String channel(String type) {
    switch (type) {
      case "twilio":
      case "sms":
        return "sms";
      case "push":
      case "in_app":
      case "whatsapp":
      case "webhook":
        return type;
      case "inbox":
        return "inbox_message";
      default:
        return "email";
    }
  }
}
