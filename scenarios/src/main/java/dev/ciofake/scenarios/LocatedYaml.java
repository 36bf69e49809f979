package dev.ciofake.scenarios;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a Jackson tree that remembers where each node came from, so a schema error on
 * {@code /timeline/2/chaos} can be reported at its line and column. Duplicate keys and a second document in one file
 * are errors (plain Jackson would silently keep the last value).
 *
 * @param root the document
 * @param values the position of each value, by JSON Pointer ({@code ""} is the root)
 * @param keys the position of each object key, by the JSON Pointer of its value
 */
record LocatedYaml(JsonNode root, Map<String, Position> values, Map<String, Position> keys) {
  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  /** A 1-based line and column. */
  record Position(int line, int column) {
    static Position of(JsonLocation l) {
      return l == null ? new Position(0, 0) : new Position(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
    }
  }

  /**
   * Reads one YAML document.
   *
   * @throws ScenarioFileException for a syntax error, a duplicate key, an empty file or more than one document
   */
  static LocatedYaml parse(String file, String text) throws ScenarioFileException {
    Map<String, Position> values = new HashMap<>();
    Map<String, Position> keys = new HashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ScenarioFileException(file, 1, 1, "the file is empty; a scenario needs at least name, "
            + "duration_seconds and expect");
      }
      JsonNode root = read(file, p, "", values, keys);
      JsonToken next = p.nextToken();
      if (next != null) {
        Position at = Position.of(p.currentTokenLocation());
        throw new ScenarioFileException(file, at.line(), at.column(),
            "a scenario file holds one YAML document; a second one starts here (remove the '---' or split the file)");
      }
      return new LocatedYaml(root, values, keys);
    } catch (JsonProcessingException e) {
      Position at = problemMark(e);
      throw new ScenarioFileException(file, at.line(), at.column(), "not valid YAML: " + yamlMessage(e));
    } catch (IOException e) {
      throw new ScenarioFileException(file, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  private static JsonNode read(String file, JsonParser p, String pointer, Map<String, Position> values,
      Map<String, Position> keys) throws IOException, ScenarioFileException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    values.put(pointer, Position.of(p.currentTokenLocation()));
    if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
      Position at = Position.of(p.currentTokenLocation());
      throw new ScenarioFileException(file, at.line(), at.column(), "YAML aliases (*" + p.getText() + ") are not "
          + "supported in scenario files; write the value out");
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = f.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = pointer + "/" + escape(name);
          Position keyAt = Position.of(p.currentTokenLocation());
          if (o.has(name)) {
            Position firstAt = keys.get(child);
            throw new ScenarioFileException(file, keyAt.line(), keyAt.column(), "duplicate key '" + name + "'"
                + (firstAt == null ? "" : " (first at line " + firstAt.line() + ")"));
          }
          keys.put(child, keyAt);
          p.nextToken();
          o.set(name, read(file, p, child, values, keys));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = f.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(read(file, p, pointer + "/" + i, values, keys));
          i++;
        }
        return a;
      }
      case VALUE_STRING:
        return f.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? f.numberNode(p.getBigIntegerValue())
            : p.getNumberType() == JsonParser.NumberType.LONG ? f.numberNode(p.getLongValue())
            : f.numberNode(p.getIntValue());
      case VALUE_NUMBER_FLOAT:
        return f.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return f.booleanNode(true);
      case VALUE_FALSE:
        return f.booleanNode(false);
      case VALUE_NULL:
        return f.nullNode();
      default:
        Position at = Position.of(p.currentTokenLocation());
        throw new ScenarioFileException(file, at.line(), at.column(), "unsupported YAML value (" + t + ")");
    }
  }

  /** The position of the value at a JSON Pointer, or of its nearest ancestor that has one. */
  Position valueAt(String pointer) {
    String p = pointer;
    while (true) {
      Position at = values.get(p);
      if (at != null) {
        return at;
      }
      if (p.isEmpty()) {
        return new Position(1, 1);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** The position of the key of the value at a JSON Pointer (falls back to the value's). */
  Position keyAt(String pointer) {
    Position at = keys.get(pointer);
    return at != null ? at : valueAt(pointer);
  }

  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Where SnakeYAML found the problem: the problem mark of its {@link MarkedYAMLException} (Jackson's own location
   * is often the end of the previous token). Marks are 0-based; positions here are 1-based.
   */
  private static Position problemMark(JsonProcessingException e) {
    MarkedYAMLException y = marked(e);
    Mark m = y == null ? null : y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
    return m != null ? new Position(m.getLine() + 1, m.getColumn() + 1) : Position.of(e.getLocation());
  }

  /**
   * SnakeYAML's problem in one line, without its excerpts of the file (the position is given separately); where the
   * construct that failed began elsewhere, that is said: {@code while parsing a flow mapping (opened at line 5,
   * column 12) expected ',' or '}', but got <scalar>}.
   */
  private static String yamlMessage(JsonProcessingException e) {
    MarkedYAMLException y = marked(e);
    if (y == null) {
      return e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().lines().findFirst().orElse("");
    }
    StringBuilder out = new StringBuilder();
    if (y.getContext() != null) {
      out.append(y.getContext());
      Mark c = y.getContextMark();
      if (c != null && !c.equals(y.getProblemMark())) {
        out.append(" (opened at line ").append(c.getLine() + 1).append(", column ").append(c.getColumn() + 1)
            .append(')');
      }
    }
    if (y.getProblem() != null) {
      out.append(out.length() > 0 ? " " : "").append(y.getProblem());
    }
    return out.length() == 0 ? "syntax error" : out.toString();
  }

  private static MarkedYAMLException marked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m) {
        return m;
      }
    }
    return null;
  }
}
