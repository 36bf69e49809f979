package dev.ciofake.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.Region;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.util.Json;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@link WorkspaceSettings} as the admin API reads and writes them:
 * {@code {"lenient_timestamps": false, "email_identifiers": true, "allow_email_updates_by_id": true, "region": "us",
 * "expect_email": true, "rate_limits_enabled": true, "rate_limits": {"track": "100/s", ...},
 * "delivery_problem_grace_ms": 60000}}. A partial object changes only the fields it names; unknown fields are refused.
 */
public final class SettingsJson {
  private static final Set<String> FIELDS = Set.of("lenient_timestamps", "email_identifiers",
      "allow_email_updates_by_id", "region", "expect_email", "rate_limits_enabled", "rate_limits",
      "delivery_problem_grace_ms");
  /** Fields of a create-workspace body that are not settings. */
  static final Set<String> CREDENTIAL_FIELDS = Set.of("site_id", "track_api_key", "app_api_key",
      "pipelines_api_key");

  private SettingsJson() {}

  /** The settings as JSON. */
  public static ObjectNode write(WorkspaceSettings s) {
    ObjectNode n = Json.object();
    n.put("lenient_timestamps", s.lenientTimestamps());
    n.put("email_identifiers", s.emailIdentifiers());
    n.put("allow_email_updates_by_id", s.allowEmailUpdatesById());
    n.put("expect_email", s.expectEmail());
    n.put("region", s.region().key());
    n.put("rate_limits_enabled", s.rateLimitsEnabled());
    ObjectNode rl = n.putObject("rate_limits");
    s.rateLimits().forEach((c, l) -> rl.put(c.key(), l.toString()));
    n.put("delivery_problem_grace_ms", s.deliveryProblemGrace().toMillis());
    return n;
  }

  /**
   * {@code base} with the fields {@code body} names changed.
   *
   * @param ignore fields of the body that are not settings (and not refused)
   * @throws StateRejection naming the field at fault
   */
  public static WorkspaceSettings read(JsonNode body, WorkspaceSettings base, Set<String> ignore) {
    WorkspaceSettings.Builder b = base.toBuilder();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f) && !ignore.contains(f)) {
        throw new StateRejection(f, "unknown setting '" + f + "'; the settings are " + new java.util.TreeSet<>(FIELDS));
      }
    }
    if (body.has("lenient_timestamps")) {
      b.lenientTimestamps(bool(body, "lenient_timestamps"));
    }
    if (body.has("email_identifiers")) {
      b.emailIdentifiers(bool(body, "email_identifiers"));
    }
    if (body.has("allow_email_updates_by_id")) {
      b.allowEmailUpdatesById(bool(body, "allow_email_updates_by_id"));
    }
    if (body.has("expect_email")) {
      b.expectEmail(bool(body, "expect_email"));
    }
    if (body.has("rate_limits_enabled")) {
      b.rateLimits(bool(body, "rate_limits_enabled"));
    }
    if (body.has("region")) {
      try {
        b.region(Region.parse(body.get("region").asText()));
      } catch (IllegalArgumentException e) {
        throw new StateRejection("region", e.getMessage());
      }
    }
    if (body.has("rate_limits")) {
      JsonNode limits = body.get("rate_limits");
      if (!limits.isObject()) {
        throw new StateRejection("rate_limits", "rate_limits must be an object such as {\"track\":\"100/s\"}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        try {
          b.rateLimit(RateClass.parse(e.getKey()), RateLimit.parse(e.getValue().asText()));
        } catch (IllegalArgumentException iae) {
          throw new StateRejection("rate_limits." + e.getKey(), iae.getMessage());
        }
      }
    }
    if (body.has("delivery_problem_grace_ms")) {
      JsonNode g = body.get("delivery_problem_grace_ms");
      if (!g.canConvertToLong() || g.asLong() < 0) {
        throw new StateRejection("delivery_problem_grace_ms", "delivery_problem_grace_ms must be a non-negative "
            + "number of milliseconds");
      }
      b.deliveryProblemGrace(Duration.ofMillis(g.asLong()));
    }
    return b.build();
  }

  private static boolean bool(JsonNode b, String field) {
    JsonNode v = b.get(field);
    if (!v.isBoolean()) {
      throw new StateRejection(field, field + " must be true or false");
    }
    return v.booleanValue();
  }
}
