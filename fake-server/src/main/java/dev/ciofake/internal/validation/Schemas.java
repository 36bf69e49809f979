package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of request bodies (classpath resources under {@code schemas/}, identified by
 * {@value #ID_PREFIX}...), compiled once with networknt's validator, and the translation of its errors into the short
 * messages clients see.
 *
 * <p>A schema may say how its errors read, with annotations the validator ignores (they are plain JSON Schema
 * annotations, so the files stay valid schemas):
 *
 * <ul>
 *   <li>{@code x-cio-code}: the violation code of errors at or below this subschema ({@code identifier},
 *       {@code limit}; default {@code schema}), which decides Track v2's {@code reason};
 *   <li>{@code x-cio-message}: the message of any error at or below this subschema (the nearest one wins), and
 *       {@code x-cio-messages}: the message of one keyword's error of this subschema ({@code {"maxProperties": ...}});
 *   <li>{@code x-cio-required}: on a property's subschema, the message when that property is missing (with that
 *       subschema's {@code x-cio-code} and {@code x-cio-field});
 *   <li>{@code x-cio-field}: the field to report for errors at or below this subschema (the nearest wins) instead
 *       of the instance's path, and {@code x-cio-fields}: the field of one keyword's error of this subschema.
 * </ul>
 *
 * Messages and fields may hold {@code {value}} (the offending value), {@code {property}} (the property the keyword
 * names), {@code {instance}} (the path of the value the error is about) and {@code {/pointer}} (a value of the
 * validated document, for example {@code {/action}}).
 */
public final class Schemas {
  /** The {@code $id} prefix of the fake's schemas; it maps to the classpath folder {@code schemas/}. */
  public static final String ID_PREFIX = "https://cio-fake.dev/schemas/";
  private static final String CLASSPATH_PREFIX = "schemas/";
  private static final Schemas SHARED = new Schemas();

  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaIdResolvers(r -> r.mapPrefix(ID_PREFIX, "classpath:" + CLASSPATH_PREFIX)));
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> documents = new ConcurrentHashMap<>();

  /** The process-wide instance: compiled schemas are immutable and thread-safe, so every server shares them. */
  public static Schemas shared() {
    return SHARED;
  }

  /** Compiles (and caches) the schema at a classpath location such as {@code schemas/track-v1/event.json}. */
  public Schema load(String location) {
    return compiled.computeIfAbsent(location, loc -> {
      if (!loc.startsWith(CLASSPATH_PREFIX)) {
        throw new IllegalArgumentException("schemas live under " + CLASSPATH_PREFIX + ", not " + loc);
      }
      document(ID_PREFIX + loc.substring(CLASSPATH_PREFIX.length())); // fails early for a missing resource
      return registry.getSchema(SchemaLocation.of(ID_PREFIX + loc.substring(CLASSPATH_PREFIX.length())));
    });
  }

  /** The raw JSON of a schema document by its {@code $id}, for reading annotations. */
  private JsonNode document(String id) {
    return documents.computeIfAbsent(id, i -> {
      String resource = CLASSPATH_PREFIX + i.substring(ID_PREFIX.length());
      try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("schema resource not found: " + resource);
        }
        return Json.MAPPER.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Validates a body; each schema error becomes one rejecting 400 violation. */
  public List<Violation> validate(String location, JsonNode body) {
    return validate(location, body, false);
  }

  /**
   * Validates a document.
   *
   * @param firstErrorOnly report only the first error, in the schema's order (Track v2 answers one error per
   *     operation)
   */
  public List<Violation> validate(String location, JsonNode body, boolean firstErrorOnly) {
    List<Error> errors = load(location).validate(body);
    if (errors.isEmpty()) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>(errors.size());
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Error e : errors) {
      Violation v = violation(e, body);
      if (!seen.add(v.field() + "\n" + v.message())) {
        continue; // the branches of an anyOf that say the same thing, once
      }
      out.add(v);
      if (firstErrorOnly) {
        break;
      }
    }
    return out;
  }

  private Violation violation(Error e, JsonNode document) {
    Annotations a = annotations(e);
    String path = a.field != null ? fill(a.field, e, document) : fieldPath(e);
    String value = e.getInstanceNode() == null ? null : e.getInstanceNode().toString();
    String message = a.message != null ? fill(a.message, e, document) : message(e, path);
    return Violation.of(a.code == null ? "schema" : a.code, path, value, message);
  }

  /** The annotations that apply to an error: of the missing property for {@code required}, else the nearest. */
  private record Annotations(String code, String message, String field) {}

  private Annotations annotations(Error e) {
    SchemaLocation loc = e.getSchemaLocation();
    if (loc == null || loc.getAbsoluteIri() == null || !loc.getAbsoluteIri().toString().startsWith(ID_PREFIX)) {
      return new Annotations(null, null, null);
    }
    JsonNode doc = document(loc.getAbsoluteIri().toString());
    String fragment = loc.getFragment() == null ? "" : loc.getFragment().toString();
    List<String> segments = new ArrayList<>(Arrays.asList(fragment.replaceFirst("^#?/?", "").split("/", -1)));
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    if (!segments.isEmpty()) {
      segments.remove(segments.size() - 1); // the keyword itself: what is left is the subschema that failed
    }
    String code = null;
    String message = null;
    String field = null;
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    JsonNode owner = at(doc, segments);
    if (keyword.equals("required") && e.getProperty() != null) {
      JsonNode prop = owner.path("properties").path(e.getProperty());
      message = text(prop, "x-cio-required");
      code = text(prop, "x-cio-code");
      field = text(prop, "x-cio-field");
    } else {
      message = text(owner.path("x-cio-messages"), keyword);
      field = text(owner.path("x-cio-fields"), keyword);
    }
    for (int n = segments.size(); n >= 0 && (code == null || message == null || field == null); n--) {
      JsonNode s = at(doc, segments.subList(0, n));
      if (code == null) {
        code = text(s, "x-cio-code");
      }
      if (message == null) {
        message = text(s, "x-cio-message");
      }
      if (field == null) {
        field = text(s, "x-cio-field");
      }
    }
    return new Annotations(code, message, field);
  }

  private static JsonNode at(JsonNode doc, List<String> segments) {
    JsonNode n = doc;
    for (String s : segments) {
      String key = s.replace("~1", "/").replace("~0", "~");
      n = n.isArray() ? n.path(parseIndex(key)) : n.path(key);
    }
    return n;
  }

  private static int parseIndex(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || !v.isTextual() ? null : v.textValue();
  }

  /** Replaces {@code {value}}, {@code {property}} and {@code {/pointer}} in a message. */
  private static String fill(String template, Error e, JsonNode document) {
    if (template.indexOf('{') < 0) {
      return template;
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      int close = open < 0 ? -1 : template.indexOf('}', open);
      if (open < 0 || close < 0) {
        sb.append(template, i, template.length());
        break;
      }
      sb.append(template, i, open);
      String key = template.substring(open + 1, close);
      if (key.equals("value")) {
        JsonNode v = e.getInstanceNode();
        sb.append(v == null ? "" : v.isTextual() ? v.textValue() : v.toString());
      } else if (key.equals("instance")) {
        sb.append(instancePath(e));
      } else if (key.equals("property")) {
        sb.append(e.getProperty() == null ? "" : e.getProperty());
      } else if (key.startsWith("/")) {
        JsonNode v = document.at(key);
        sb.append(v.isMissingNode() ? "" : v.asText());
      } else {
        sb.append('{').append(key).append('}');
      }
      i = close + 1;
    }
    return sb.toString();
  }

  /** The instance path as clients read it: {@code device.token}, {@code cio_relationships[0].identifiers}. */
  static String fieldPath(Error e) {
    String p = instancePath(e);
    if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
      p = p.isEmpty() ? e.getProperty() : p + "." + e.getProperty();
    }
    return p.isEmpty() ? "body" : p;
  }

  /** The path of the value the error is about ({@code ""} for the document itself), without a missing property. */
  private static String instancePath(Error e) {
    String p = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    StringBuilder sb = new StringBuilder();
    for (String seg : p.replaceFirst("^\\$\\.?", "").replaceFirst("^/", "").split("[/.]")) {
      if (seg.isEmpty()) {
        continue;
      }
      if (seg.chars().allMatch(Character::isDigit)) {
        sb.append('[').append(seg).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(seg.replace("~1", "/").replace("~0", "~"));
      }
    }
    return sb.toString();
  }

  private static String message(Error e, String path) {
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    JsonNode schemaNode = e.getSchemaNode();
    JsonNode instance = e.getInstanceNode();
    switch (keyword) {
      case "required":
        return path + " is required";
      case "type":
        return path + " must be " + typeWords(schemaNode) + ", got " + jsonType(instance);
      case "enum":
        return path + " must be one of " + (schemaNode == null ? "the allowed values" : schemaNode.toString())
            + ", got " + (instance == null ? "nothing" : Violation.shorten(instance.toString()));
      case "const":
        return path + " must be " + (schemaNode == null ? "the fixed value" : schemaNode.toString());
      case "minLength":
        return path + " must not be empty";
      case "maxLength":
        return path + " cannot be longer than " + schemaNode + " characters";
      case "minItems":
        return path + " must have at least " + schemaNode + " item(s)";
      case "maxItems":
        return path + " cannot have more than " + schemaNode + " items";
      case "minProperties":
        return path + " must have at least " + schemaNode + " field(s)";
      case "maxProperties":
        return path + " cannot have more than " + schemaNode + " field(s)";
      case "pattern":
        return path + " does not match " + schemaNode;
      case "minimum":
        return path + " must be at least " + schemaNode;
      case "additionalProperties":
        return path + " has an unknown field " + (e.getProperty() == null ? "" : "'" + e.getProperty() + "'");
      default:
        String m = e.getMessage();
        return m == null ? path + " is invalid" : m.replaceFirst("^\\$\\.?", path.equals("body") ? "body" : "");
    }
  }

  private static String typeWords(JsonNode schemaType) {
    if (schemaType == null) {
      return "of another type";
    }
    if (schemaType.isArray()) {
      List<String> words = new ArrayList<>();
      schemaType.forEach(t -> words.add(article(t.asText())));
      return String.join(" or ", words);
    }
    return article(schemaType.asText());
  }

  private static String article(String type) {
    if (type.equals("null")) {
      return "null";
    }
    return Arrays.asList("object", "array", "integer").contains(type) ? "an " + type : "a " + type;
  }

  /** The JSON type name of a node, for messages. */
  public static String jsonType(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    switch (n.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      case STRING:
        return "a string";
      case NUMBER:
        return n.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
