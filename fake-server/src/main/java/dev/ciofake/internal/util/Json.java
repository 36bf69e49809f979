package dev.ciofake.internal.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** The one Jackson setup of the fake: a mapper for parsing, a compact and a "real service" pretty writer. */
public final class Json {
  /** How deep a JSON document may nest (objects and arrays). */
  public static final int MAX_NESTING_DEPTH = 200;
  /** The longest number literal accepted, in characters. */
  public static final int MAX_NUMBER_LENGTH = 1000;
  /** The most JSON values (tokens) one request body may hold: far above any real payload, bounding its heap. */
  public static final long MAX_BODY_TOKENS = 1_000_000;

  /** Shared, thread-safe mapper. Rejects trailing garbage and duplicate-free parsing is left to rules. */
  public static final ObjectMapper MAPPER = mapper(StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).build());

  /**
   * The mapper for what clients send: {@link #MAPPER}'s settings plus a cap on the values a body may hold, so a
   * body within the size limit cannot expand into an unbounded tree. The fake's own documents (journal listings,
   * reports) may be larger and are read with {@link #MAPPER}.
   */
  public static final ObjectMapper BODY_MAPPER = mapper(StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).maxTokenCount(MAX_BODY_TOKENS).build());

  private static ObjectMapper mapper(StreamReadConstraints constraints) {
    return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  private static final ObjectWriter COMPACT = MAPPER.writer();

  /**
   * Customer.io's Track API pretty-prints error bodies Go-style: two-space indent, {@code "key": value}
   * and a trailing newline.
   */
  private static final ObjectWriter PRETTY = MAPPER.writer(
      new DefaultPrettyPrinter()
          .withSeparators(Separators.createDefaultInstance()
              .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private Json() {}

  /** A fresh object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A fresh array node. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /**
   * Parses JSON the fake wrote itself ({@link #compact}) from a tree it keeps as bytes (an event's data): the same
   * tree back, numbers included (the mapper reads decimals as {@code BigDecimal}, which round-trips exactly).
   */
  public static JsonNode parseKept(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("JSON the fake wrote no longer parses", e);
    }
  }

  /** Compact UTF-8 JSON. */
  public static byte[] compact(Object value) {
    try {
      return COMPACT.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  /** Compact JSON as a string. */
  public static String compactString(Object value) {
    return new String(compact(value), StandardCharsets.UTF_8);
  }

  /** Pretty UTF-8 JSON with a trailing newline, as the real Track API writes its errors. */
  public static byte[] pretty(Object value) {
    try {
      String s = PRETTY.writeValueAsString(value) + "\n";
      return s.getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  /** The size of a node once serialised compactly, in UTF-8 bytes. */
  public static int byteSize(JsonNode node) {
    if (node.isTextual()) {
      return utf8Length(node.textValue());
    }
    if (node.isNumber() || node.isBoolean() || node.isNull()) {
      return node.asText().length(); // ASCII, as the writer prints it; no generator for a scalar
    }
    return compact(node).length;
  }

  /** UTF-8 length of a string without allocating. */
  public static int utf8Length(CharSequence s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

}
