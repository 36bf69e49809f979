package dev.ciofake.internal.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ciofake.internal.http.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workspace file (docs/workspace-file.md): the definitions, content and ESP suppressions a workspace starts with,
 * as JSON or YAML. Checked against {@code schemas/workspace-file.json} and for ids used twice in a section; the one
 * reader behind {@code --workspace-file}, the admin API, the JUnit extension and scenarios.
 */
public final class WorkspaceFile {
  /** The schema every workspace file is checked against. */
  public static final String SCHEMA = "schemas/workspace-file.json";

  private WorkspaceFile() {}

  /** Loaded on first use: SnakeYAML costs start-up time and only workspace files and chaos rules need it. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
  }

  /** Reads and checks a workspace file. */
  public static JsonNode read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the workspace file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses and checks a workspace file's text (JSON or YAML).
   *
   * @throws IllegalArgumentException listing every problem, each with where it is
   */
  public static JsonNode parse(String text) {
    JsonNode doc;
    try {
      doc = Yaml.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the workspace file is not valid JSON or YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }
    if (doc == null || doc.isMissingNode() || doc.isNull()) {
      throw new IllegalArgumentException("the workspace file is empty");
    }
    check(doc);
    return doc;
  }

  /** Checks a parsed workspace file; throws {@link IllegalArgumentException} listing its problems. */
  public static void check(JsonNode doc) {
    List<String> problems = problems(doc);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bad workspace file: " + String.join("; ", problems));
    }
  }

  /** Every problem of a parsed workspace file (empty when it is good). */
  public static List<String> problems(JsonNode doc) {
    List<String> out = new ArrayList<>();
    if (!doc.isObject()) {
      out.add("a workspace file is an object of sections (segments, campaigns, broadcasts, ...), got "
          + Schemas.jsonType(doc));
      return out;
    }
    for (Violation v : Schemas.shared().validate(SCHEMA, doc)) {
      out.add(v.message());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      if (!section.getValue().isArray()) {
        continue;
      }
      String key = section.getKey().equals("snippets") ? "name" : "id";
      Set<String> seen = new HashSet<>();
      for (JsonNode item : section.getValue()) {
        JsonNode id = item.get(key);
        if (id != null && id.isValueNode() && !seen.add(id.asText())) {
          out.add(section.getKey() + ": " + key + " " + id.asText() + " is used twice");
        }
      }
    }
    return out;
  }
}
