package dev.ciofake.internal.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.state.Audience;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.state.Person;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.webhook.DeliveryEvents;
import java.util.List;
import java.util.function.Predicate;

/**
 * Who an API-triggered broadcast goes to (docs/customerio-facts.md 3.3) and its messages: the people the trigger
 * names ({@code ids}, {@code emails}, {@code per_user_data}), its {@code recipients} filter, or without either the
 * broadcast's own {@code recipients} from the workspace file. A {@code data_file_url} is not downloaded: that trigger is
 * stored and sends nothing.
 */
final class BroadcastAudience {
  private BroadcastAudience() {}

  /** Delivers the broadcast's first action to the trigger's audience. */
  static void deliver(Workspace w, DeliveryEvents events, ObjectNode trigger, List<PersonRef> named, long now) {
    String broadcastId = trigger.path("broadcast_id").asText();
    JsonNode broadcast = w.definitions().get(Kinds.BROADCASTS, broadcastId);
    String audience = trigger.path("audience").asText();
    Predicate<Person> who;
    switch (audience) {
      case "ids":
      case "emails":
      case "per_user_data":
        who = AudienceDeliveries.named(named);
        break;
      case "recipients":
        who = matching(w, trigger.get("recipients"));
        break;
      case "default":
        who = broadcast != null && broadcast.has("recipients") ? matching(w, broadcast.get("recipients")) : p -> false;
        break;
      default:
        who = p -> false;
    }
    ObjectNode parent = Json.object();
    parent.put("broadcast_id", Long.parseLong(broadcastId));
    parent.put("trigger_id", trigger.path("id").asLong());
    JsonNode action = broadcast == null ? null : broadcast.path("actions").path(0);
    AudienceDeliveries.deliver(w, events, who, action == null || action.isMissingNode() ? null : action, parent,
        "action_id", now);
  }

  private static Predicate<Person> matching(Workspace w, JsonNode filter) {
    Audience a = Audience.of(w);
    return p -> a.matches(filter, p);
  }
}
