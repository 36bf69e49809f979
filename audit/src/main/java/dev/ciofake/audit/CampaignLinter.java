package dev.ciofake.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Campaign definitions (YAML or JSON) whose trigger fires on every identify or attribute update:
 * {@code trigger: {event: identify}} (or {@code identified}, {@code profile_updated}, {@code attributes_updated},
 * ...), {@code trigger: identify}, an attribute-change trigger that names no attribute (or {@code *}), and the App
 * API's campaign shape {@code {"type": "event", "event_name": "identify"}}. Triggers on a specific event
 * ({@code signed_up}) or on one named attribute are fine. Reported at the value's line.
 */
final class CampaignLinter {
  private static final Set<String> EVERY_UPDATE = Set.of("identify", "identified", "identify_user",
      "user_identified", "customer_identified", "person_identified", "identify_call", "profile_updated",
      "profile_update", "person_updated", "customer_updated", "user_updated", "attribute_update",
      "attribute_updated", "attributes_updated", "attribute_change", "attribute_changed", "attributes_changed",
      "update_attributes", "attribute_changes", "any_attribute_change", "customer_attribute_update");
  private static final Set<String> ATTRIBUTE_TRIGGERS = Set.of("attribute_change", "attribute_changed",
      "attributes_changed", "attribute_update", "attribute_updated", "attribute", "profile_update");
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

  /** A parsed value that remembers its line. */
  private record Node(Object value, int line) {
    @SuppressWarnings("unchecked")
    Map<String, Node> object() {
      return value instanceof Map ? (Map<String, Node>) value : null;
    }

    String text() {
      return value instanceof String s ? s : null;
    }
  }

  private CampaignLinter() {}

  static void lint(String display, String text, Consumer<Finding> out) {
    if (!text.contains("trigger") && !text.contains("event_name")) {
      return;
    }
    boolean yaml = display.endsWith(".yaml") || display.endsWith(".yml");
    List<Node> docs = new ArrayList<>();
    try (JsonParser p = (yaml ? YAML : JSON).createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        docs.add(read(p, t));
      }
    } catch (IOException | RuntimeException e) {
      return; // not valid YAML/JSON: not a campaign definition this audit can read
    }
    for (Node d : docs) {
      visit(d, display, out, 0);
    }
  }

  private static Node read(JsonParser p, JsonToken t) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> m = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String k = p.currentName();
        m.put(k, read(p, p.nextToken()));
      }
      return new Node(m, line);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> l = new ArrayList<>();
      JsonToken n;
      while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
        l.add(read(p, n));
      }
      return new Node(l, line);
    }
    return new Node(t == JsonToken.VALUE_NULL ? null : p.getText(), line);
  }

  private static void visit(Node n, String display, Consumer<Finding> out, int depth) {
    if (n == null || depth > 64) {
      return;
    }
    if (n.value() instanceof List<?> l) {
      for (Object o : l) {
        visit((Node) o, display, out, depth + 1);
      }
      return;
    }
    Map<String, Node> m = n.object();
    if (m == null) {
      return;
    }
    Node trigger = m.get("trigger");
    if (trigger != null) {
      judgeTrigger(trigger, display, out);
    }
    // the App API's campaign object: {"type": "event", "event_name": "identify"}
    Node type = m.get("type");
    Node eventName = m.get("event_name");
    if (type != null && "event".equals(type.text()) && eventName != null && everyUpdate(eventName.text())) {
      report(eventName, display, "event_name: " + eventName.text(), out);
    }
    for (Map.Entry<String, Node> e : m.entrySet()) {
      if (!e.getKey().equals("trigger")) {
        visit(e.getValue(), display, out, depth + 1);
      }
    }
  }

  private static void judgeTrigger(Node trigger, String display, Consumer<Finding> out) {
    if (trigger.text() != null) {
      if (everyUpdate(trigger.text())) {
        report(trigger, display, "trigger: " + trigger.text(), out);
      }
      return;
    }
    Map<String, Node> t = trigger.object();
    if (t == null) {
      return;
    }
    for (String k : List.of("event", "event_name", "name", "on")) {
      Node v = t.get(k);
      if (v != null && everyUpdate(v.text())) {
        report(v, display, "trigger " + k + ": " + v.text(), out);
        return;
      }
    }
    Node type = t.get("type");
    if (type != null && type.text() != null && ATTRIBUTE_TRIGGERS.contains(normalize(type.text()))) {
      Node attr = t.containsKey("attribute") ? t.get("attribute") : t.containsKey("attribute_name")
          ? t.get("attribute_name") : t.get("attributes");
      String a = attr == null ? null : attr.text();
      boolean named = attr != null && (a == null ? attr.value() instanceof List<?> l && !l.isEmpty()
          : !a.isBlank() && !a.equals("*") && !a.equalsIgnoreCase("any"));
      if (!named) {
        report(type, display, "trigger type: " + type.text() + " with no attribute named", out);
      }
    }
  }

  private static boolean everyUpdate(String value) {
    return value != null && EVERY_UPDATE.contains(normalize(value));
  }

  private static String normalize(String value) {
    return value.trim().replace("$", "").replaceAll("([a-z])([A-Z])", "$1_$2").replaceAll("[\\s.-]+", "_")
        .toLowerCase(Locale.ROOT);
  }

  private static void report(Node at, String display, String what, Consumer<Finding> out) {
    out.accept(new Finding(AuditCatalog.CAMPAIGN_TRIGGER_ON_IDENTIFY, display, Math.max(1, at.line()), 1,
        "The campaign fires on every identify or attribute update (" + what + "): each profile update sends it "
            + "again. Trigger it on a specific event (signed_up) or on a change of one named attribute.",
        "campaigns", what));
  }
}
