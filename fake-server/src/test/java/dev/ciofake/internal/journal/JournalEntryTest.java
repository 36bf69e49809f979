package dev.ciofake.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A journal entry is kept compact (the path, the body and the answer in one array, the id {@code req_<n>} as its
 * number) and reads back exactly what it was given.
 */
class JournalEntryTest {

  private static JournalEntry entry(String id) {
    return new JournalEntry(id, 0, "PUT", "/p", "", "track", "identify", "site", null, new String[0], null, false,
        false, 0, 200, java.util.List.of(), null, 1.0, null, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"req_1", "req_0", "req_9223372036854775807", "req_", "req_01", "req_1x", "abc", "REQ_5",
      "req_-1", "req_99999999999999999999"})
  void theIdReadsBackAsItWasGiven(String id) {
    assertThat(entry(id).id()).isEqualTo(id);
    assertThat(entry(id).toJson().path("id").asText()).isEqualTo(id);
  }

  private static JournalEntry entry(String path, byte[] body, boolean json, boolean truncated, byte[] answer) {
    return new JournalEntry("req_7", 0, "PUT", path, "", "track", "identify", "site", null,
        new String[] {"Host", "h"}, body, json, truncated, body == null ? 0 : body.length, 200, java.util.List.of(),
        null, 1.0, answer, false);
  }

  @Test
  void pathBodyAndAnswerReadBackFromTheOneArray() {
    byte[] body = "{\"email\":\"ad\u00e9@example.com\",\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8);
    JournalEntry e = entry("/api/v1/customers/ada%20l", body, true, false, "{}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(e.path()).isEqualTo("/api/v1/customers/ada%20l");
    assertThat(e.body().path("email").asText()).isEqualTo("ad\u00e9@example.com");
    assertThat(e.toJson().path("body").path("n").get(1).asInt()).isEqualTo(2);
    assertThat(e.toJson().path("response_body").asText()).isEqualTo("{}\n");
    assertThat(e.toJson().path("headers").path("Host").asText()).isEqualTo("h");
  }

  @Test
  void aPathThatIsNotAsciiAndBodiesThatAreBlankOrTextReadBackToo() {
    JournalEntry blank = entry("/api/v1/customers/\u00e9t\u00e9", "  \n".getBytes(StandardCharsets.UTF_8), true,
        false, null);
    assertThat(blank.path()).isEqualTo("/api/v1/customers/\u00e9t\u00e9");
    assertThat(blank.body().isObject()).isTrue();
    assertThat(blank.body().size()).isZero();
    assertThat(blank.toJson().has("response_body")).isFalse();

    JournalEntry text = entry("/x", "not json".getBytes(StandardCharsets.UTF_8), false, true, null);
    assertThat(text.body()).isNull();
    assertThat(text.toJson().path("body_text").asText()).isEqualTo("not json...(truncated)");
    assertThat(entry("/x", null, false, false, null).toJson().has("body_text")).isFalse();
  }

  @Test
  void onlyCanonicalRequestIdsBecomeNumbers() {
    assertThat(JournalEntry.number("req_42")).isEqualTo(42);
    assertThat(JournalEntry.number("req_0")).isZero();
    assertThat(JournalEntry.number("req_042")).isEqualTo(-1);
    assertThat(JournalEntry.number("req_99999999999999999999")).isEqualTo(-1);
    assertThat(JournalEntry.number(null)).isEqualTo(-1);
  }
}
