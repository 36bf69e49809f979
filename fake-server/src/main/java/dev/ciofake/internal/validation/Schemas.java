package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ciofake.internal.http.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of request bodies (classpath resources under {@code schemas/}), compiled once at start-up
 * with networknt's validator, and the translation of its errors into the short messages clients see.
 */
public final class Schemas {
  private static final Schemas SHARED = new Schemas();

  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /** The process-wide instance: compiled schemas are immutable and thread-safe, so every server shares them. */
  public static Schemas shared() {
    return SHARED;
  }

  /** Compiles (and caches) the schema at a classpath location such as {@code schemas/track-v1/event.json}. */
  public Schema load(String location) {
    return compiled.computeIfAbsent(location, loc -> {
      try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(loc)) {
        if (in == null) {
          throw new IllegalStateException("schema resource not found: " + loc);
        }
        return registry.getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Validates a body; each schema error becomes one rejecting 400 violation. */
  public List<Violation> validate(String location, JsonNode body) {
    List<Error> errors = load(location).validate(body);
    if (errors.isEmpty()) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>(errors.size());
    for (Error e : errors) {
      String path = fieldPath(e);
      out.add(Violation.of("schema", path, e.getInstanceNode() == null ? null : e.getInstanceNode().toString(),
          message(e, path)));
    }
    return out;
  }

  private static String fieldPath(Error e) {
    String p = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
    if (p.startsWith("$.")) {
      p = p.substring(2);
    } else if (p.equals("$")) {
      p = "";
    } else if (p.startsWith("/")) {
      p = p.substring(1).replace('/', '.'); // the validator reports JSON Pointers: /device/id -> device.id
    }
    if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
      p = p.isEmpty() ? e.getProperty() : p + "." + e.getProperty();
    }
    return p.isEmpty() ? "body" : p;
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
            + ", got " + (instance == null ? "nothing" : instance.toString());
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
