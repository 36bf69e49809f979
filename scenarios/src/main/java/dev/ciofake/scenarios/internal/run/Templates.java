package dev.ciofake.scenarios.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} placeholders in workload calls and SUT environment values. A string that is exactly one
 * placeholder of a number ({@code "${n}"}, {@code "${now}"}) becomes that number in a JSON body; unknown placeholders
 * stay as they are.
 */
public final class Templates {
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private Templates() {}

  /** Replaces the placeholders of {@code text}. */
  public static String expand(String text, Map<String, ?> vars) {
    if (text == null || text.indexOf("${") < 0) {
      return text;
    }
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Object v = vars.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : String.valueOf(v)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A copy of a JSON value with the placeholders of its strings (and object keys) replaced. */
  public static JsonNode expand(JsonNode node, Map<String, ?> vars) {
    if (node == null) {
      return null;
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node.isTextual()) {
      String s = node.asText();
      Matcher whole = VAR.matcher(s);
      if (whole.matches() && vars.get(whole.group(1)) instanceof Number n) {
        return n instanceof Double || n instanceof Float ? f.numberNode(n.doubleValue()) : f.numberNode(n.longValue());
      }
      return f.textNode(expand(s, vars));
    }
    if (node.isObject()) {
      ObjectNode o = f.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        o.set(expand(e.getKey(), vars), expand(e.getValue(), vars));
      }
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = f.arrayNode();
      node.forEach(x -> a.add(expand(x, vars)));
      return a;
    }
    return node.deepCopy();
  }
}
