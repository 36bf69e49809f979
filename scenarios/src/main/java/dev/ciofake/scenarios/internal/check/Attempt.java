package dev.ciofake.scenarios.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request of the SUT to the fake, as the fake's journal ({@code GET /__cio/requests}) recorded it.
 *
 * @param requestId the fake's request id
 * @param atMillis when it arrived
 * @param api {@code track} (v1 and v2), {@code app}, or null for an unknown path
 * @param operation the endpoint ({@code identify}, {@code track}, {@code suppress}, {@code v2_batch}, ...), or null
 * @param status the status it got (a broken connection is journaled as 500)
 * @param injectedFault the chaos rule that disturbed it ({@code r1: outage 503}), or null
 * @param body the JSON body, or null
 * @param headers request headers (secrets masked)
 * @param errors what the fake found wrong ({@code accepted: ...} for what it only noted, {@code dropped: ...} for a
 *     Pipelines call it answered 200 and did not apply)
 */
public record Attempt(String requestId, long atMillis, String method, String path, String api, String operation,
    int status, String injectedFault, JsonNode body, Map<String, String> headers, List<String> errors) {
  /** The journal's note of a Pipelines request answered 200 and dropped whole. */
  static final String DROPPED_WHOLE = "dropped: the whole request";

  public Attempt {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** Reads a journal entry. */
  public static Attempt fromJournal(CioFake.Request e) {
    return new Attempt(e.id(), e.at().toEpochMilli(), e.method(), e.path(), e.api(), e.operation(), e.status(),
        e.injectedFault(), body(e.body()), e.headers(), e.errors());
  }

  /**
   * The body, parsed: a request refused before its body was read (by chaos, the rate limiter or authentication) is
   * journaled as text, which is parsed here so its key matches the accepted retry's.
   */
  private static JsonNode body(String text) {
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (java.io.IOException notJson) {
      return JsonNodeFactory.instance.textNode(text);
    }
  }

  /** A header, whatever its case. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  /** 2xx, including v2's 207 partial success; not a Pipelines request answered 200 and dropped. */
  public boolean accepted() {
    return status >= 200 && status < 300 && errors.stream().noneMatch(e -> e.startsWith(DROPPED_WHOLE));
  }

  /**
   * What counts as one write: a Pipelines batch is its calls, each an attempt of its own ({@code /v1/batch#2},
   * operation its {@code type}), not accepted when the fake dropped it; anything else is itself.
   */
  public List<Attempt> writes() {
    if (!"pipelines".equals(api) || !"batch".equals(operation) || body == null || !body.path("batch").isArray()) {
      return List.of(this);
    }
    List<Attempt> out = new ArrayList<>();
    JsonNode calls = body.get("batch");
    for (int i = 0; i < calls.size(); i++) {
      JsonNode call = calls.get(i);
      String note = "dropped: call " + i + ":";
      List<String> own = errors.stream().filter(e -> e.startsWith(note)).map(e -> DROPPED_WHOLE).toList();
      List<String> mine = new ArrayList<>(own);
      errors.stream().filter(e -> e.startsWith(DROPPED_WHOLE)).forEach(mine::add);
      out.add(new Attempt(requestId, atMillis, method, path + "#" + i, api, call.path("type").asText(null), status,
          injectedFault, call, headers, mine));
    }
    return out;
  }

  /** A request that carries data (not a read). */
  public boolean isWrite() {
    return WRITE_METHODS.contains(method);
  }

  /** A transient failure injected by chaos: an error status, a 429 storm, an outage or a broken connection. */
  public boolean injectedFailure() {
    return injectedFault != null && !accepted() && (status >= 500 || status == 429 || status == 0);
  }

  /**
   * What makes two attempts the same data: an event with an {@code id} is that id (the dedup key Customer.io uses);
   * anything else is its method, path and body (keys sorted, so field order does not matter).
   */
  public String key() {
    if ("pipelines".equals(api) && body != null && body.hasNonNull("messageId") && body.get("messageId").isValueNode()) {
      return "pipelines messageId " + body.get("messageId").asText();
    }
    if (body != null && body.isObject() && ("track".equals(operation) || "track_anonymous".equals(operation))
        && body.hasNonNull("id") && body.get("id").isValueNode()) {
      return "event id " + body.get("id").asText();
    }
    return method + " " + path + (body == null ? "" : " " + canonical(body));
  }

  /** {@code PUT /api/v1/customers/u1 {"email":...}}, cut for reports. */
  public String describe() {
    String b = body == null ? "" : " " + canonical(body);
    String s = method + " " + path + b;
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }

  /** The person a v1 path names ({@code /api/v1/customers/{x}/...}), decoded, or null. */
  public String pathPerson() {
    String prefix = "/api/v1/customers/";
    if (!path.startsWith(prefix)) {
      return null;
    }
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    String raw = slash < 0 ? rest : rest.substring(0, slash);
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  /**
   * Whether this accepted request suppresses (or deletes) a person with one of these identifiers: v1
   * {@code POST /customers/{id}/suppress} or {@code DELETE /customers/{id}}, or a v2 person operation with action
   * {@code suppress} or {@code delete} (in {@code /entity} or in a {@code /batch}).
   */
  public boolean suppresses(String id, String email, String cioId) {
    if (!accepted()) {
      return false;
    }
    if ("suppress".equals(operation) || "delete_person".equals(operation)) {
      return sameperson(pathPerson(), id, email, cioId);
    }
    if ("v2_entity".equals(operation) && body != null) {
      return v2Suppresses(body, id, email, cioId);
    }
    if ("v2_batch".equals(operation) && body != null) {
      for (JsonNode item : body.path("batch")) {
        if (v2Suppresses(item, id, email, cioId)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean v2Suppresses(JsonNode op, String id, String email, String cioId) {
    String action = op.path("action").asText();
    if (!op.path("type").asText().equals("person") || !(action.equals("suppress") || action.equals("delete"))) {
      return false;
    }
    JsonNode ids = op.path("identifiers");
    return (id != null && id.equals(ids.path("id").asText(null)))
        || (email != null && email.equalsIgnoreCase(ids.path("email").asText("")))
        || (cioId != null && cioId.equals(ids.path("cio_id").asText(null)));
  }

  private static boolean sameperson(String named, String id, String email, String cioId) {
    if (named == null) {
      return false;
    }
    return named.equals(id) || (email != null && named.equalsIgnoreCase(email))
        || (cioId != null && named.equals("cio_" + cioId));
  }

  /** JSON with object keys sorted, so two bodies that differ only in field order compare equal. */
  static String canonical(JsonNode n) {
    return sorted(n).toString();
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      names.sort(String::compareTo);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        o.set(name, sorted(n.get(name)));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
        a.add(sorted(it.next()));
      }
      return a;
    }
    return n;
  }

  /** The status as a reader wants it: {@code 503 (injected: r1: outage 503)}. */
  public String outcome() {
    return (status == 0 ? "no answer" : String.valueOf(status)) + (injectedFault == null ? ""
        : " (injected " + injectedFault + ")") + (status / 100 == 2 && !accepted() ? " (dropped by the Pipelines API)"
        : "");
  }

  @Override
  public String toString() {
    return requestId + " " + describe() + " -> " + outcome().toLowerCase(Locale.ROOT);
  }
}
