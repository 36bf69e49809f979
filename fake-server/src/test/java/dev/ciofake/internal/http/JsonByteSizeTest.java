package dev.ciofake.internal.http;

import dev.ciofake.internal.util.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#byteSize}: scalars are sized without a JSON generator, and must come out as the compact writer
 * prints them (strings are sized by their UTF-8 text, as the real service counts a value's bytes).
 */
class JsonByteSizeTest {

  @Test
  void scalarsAndContainersAreSizedAsTheCompactWriterPrintsThem() throws Exception {
    List<String> docs = List.of("0", "-7", "1700000000", "9223372036854775807", "18446744073709551616", "3.5",
        "-0.000123", "1.0E10", "1e400", "12345678901234567890.123456789", "true", "false", "null", "[1,\"a\",null]",
        "{\"a\":{\"b\":[true,2.50]}}", "[]", "{}");
    for (String doc : docs) {
      JsonNode node = Json.MAPPER.readTree(doc);
      assertThat(Json.byteSize(node)).as("size of %s (%s)", doc, node.getNodeType())
          .isEqualTo(Json.compact(node).length);
    }
  }

  @Test
  void stringsAreTheirUtf8Text() throws Exception {
    assertThat(Json.byteSize(Json.MAPPER.readTree("\"héllo €\""))).isEqualTo("héllo €".getBytes("UTF-8").length);
  }
}
