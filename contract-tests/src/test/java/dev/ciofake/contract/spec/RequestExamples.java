package dev.ciofake.contract.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request bodies an OpenAPI document gives for one operation, found by walking its request body schema through
 * {@code $ref}, {@code oneOf}, {@code anyOf} and {@code allOf}:
 *
 * <ul>
 *   <li>whole-body examples: the media type's {@code example} and {@code examples}, and the {@code example} of the
 *       body schema or of any alternative ({@code oneOf}/{@code anyOf} branch) of it, however deep;</li>
 *   <li>for an alternative without an example of its own, the body its properties' examples compose (a property's
 *       {@code example}, or the example of the schema it refers to), required properties without one filled from
 *       their {@code const}, {@code enum} or {@code default}, else a value of their type; kept only when it is
 *       valid against the operation's schema, since it is the test's construction, not the document's.</li>
 * </ul>
 */
public final class RequestExamples {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * One body: where it came from ({@code schema:person_identify}), the body, whether the test composed it, and the
   * JSON Pointer of the alternative it was written or composed for.
   */
  public record Example(String label, JsonNode body, boolean composed, String schema) {
    @Override
    public String toString() {
      return label + (composed ? " (composed)" : "") + " " + body;
    }
  }

  private final SpecDocument doc;

  public RequestExamples(SpecDocument doc) {
    this.doc = doc;
  }

  /** The JSON Pointer of an operation's JSON request body schema. */
  public static String bodySchema(String path, String method) {
    return "/paths/" + SpecDocument.segment(path) + "/" + method + "/requestBody/content/application~1json/schema";
  }

  /** Every example body of an operation; empty when it takes no JSON body. */
  public List<Example> of(String path, String method) {
    String schemaPointer = bodySchema(path, method);
    JsonNode media = doc.at(schemaPointer.substring(0, schemaPointer.length() - "/schema".length()));
    List<Example> out = new ArrayList<>();
    if (media.isMissingNode()) {
      return out;
    }
    if (media.has("example")) {
      out.add(new Example("requestBody.example", media.get("example"), false, schemaPointer));
    }
    media.path("examples").fields().forEachRemaining(e -> out.add(new Example("requestBody.examples." + e.getKey(),
        e.getValue().path("value"), false, schemaPointer)));
    collect(media.path("schema"), schemaPointer, "schema", out, new HashSet<>());
    List<Example> kept = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Example e : out) {
      if (e.composed() && !doc.valid(e.schema(), e.body())) {
        continue; // the test's composition does not fit the alternative it was made for: not the document's word
      }
      if (seen.add(e.body().toString())) {
        kept.add(e);
      }
    }
    return kept;
  }

  /** Follows {@code $ref}s; {@code names} gets each target's pointer. */
  private JsonNode resolve(JsonNode node, List<String> names) {
    JsonNode n = node;
    int hops = 0;
    while (n.has("$ref") && hops++ < 20) {
      String ref = n.get("$ref").asText();
      names.add(ref.substring(1));
      n = doc.at(ref.substring(1));
    }
    return n;
  }

  private void collect(JsonNode node, String pointer, String label, List<Example> out, Set<String> visiting) {
    List<String> names = new ArrayList<>();
    JsonNode n = resolve(node, names);
    String at = names.isEmpty() ? pointer : names.get(names.size() - 1);
    String here = names.isEmpty() ? label : label + ":" + at.substring(at.lastIndexOf('/') + 1);
    if (!visiting.add(here) || visiting.size() > 200) {
      return;
    }
    boolean documented = false;
    if (n.has("example")) {
      out.add(new Example(here, n.get("example"), false, at));
      documented = true;
    }
    if (n.path("examples").isArray()) {
      for (JsonNode e : n.get("examples")) {
        out.add(new Example(here + ".examples", e, false, at));
        documented = true;
      }
    }
    boolean alternatives = false;
    for (String k : List.of("oneOf", "anyOf")) {
      int i = 0;
      for (JsonNode branch : n.path(k)) {
        alternatives = true;
        String title = branch.path("title").asText("");
        collect(branch, at + "/" + k + "/" + i, here + "/" + (title.isEmpty() ? k + "[" + i + "]" : title), out,
            visiting);
        i++;
      }
    }
    if (!documented && !alternatives) {
      JsonNode composed = compose(n, true, 0);
      if (composed != null && composed.isObject()) {
        out.add(new Example(here, composed, true, at));
      }
    }
    visiting.remove(here);
  }

  /** A value for a schema from the examples it holds; {@code null} when it has none and is not required. */
  JsonNode compose(JsonNode node, boolean required, int depth) {
    if (depth > 12) {
      return null;
    }
    JsonNode n = resolve(node, new ArrayList<>());
    for (String k : List.of("example", "const", "default")) {
      if (n.has(k)) {
        return n.get(k);
      }
    }
    if (n.path("enum").isArray() && !n.get("enum").isEmpty()) {
      return n.get("enum").get(0);
    }
    if (n.path("examples").isArray() && !n.get("examples").isEmpty()) {
      return n.get("examples").get(0);
    }
    for (String k : List.of("oneOf", "anyOf")) {
      for (JsonNode branch : n.path(k)) {
        JsonNode v = compose(branch, required, depth + 1);
        if (v != null) {
          return v;
        }
      }
    }
    if (n.path("allOf").isArray()) {
      ObjectNode merged = F.objectNode();
      JsonNode other = null;
      for (JsonNode part : n.get("allOf")) {
        JsonNode v = compose(part, required, depth + 1);
        if (v != null && v.isObject()) {
          merged.setAll((ObjectNode) v);
        } else if (v != null) {
          other = v;
        }
      }
      return !merged.isEmpty() ? merged : other != null ? other : required ? merged : null;
    }
    String type = n.path("type").isArray() ? n.get("type").get(0).asText() : n.path("type").asText("");
    if (type.equals("object") || n.has("properties")) {
      ObjectNode o = F.objectNode();
      Set<String> req = new HashSet<>();
      n.path("required").forEach(r -> req.add(r.asText()));
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        JsonNode v = compose(p.getValue(), req.contains(p.getKey()), depth + 1);
        if (v != null) {
          o.set(p.getKey(), v);
        }
      }
      return o.isEmpty() && !required ? null : o;
    }
    if (!required) {
      return null;
    }
    switch (type) {
      case "integer":
      case "number":
        return F.numberNode(n.path("minimum").asInt(1));
      case "boolean":
        return F.booleanNode(true);
      case "array":
        ArrayNode a = F.arrayNode();
        JsonNode item = compose(n.path("items"), true, depth + 1);
        if (item != null) {
          a.add(item);
        }
        return a;
      default:
        return F.textNode("example");
    }
  }
}
