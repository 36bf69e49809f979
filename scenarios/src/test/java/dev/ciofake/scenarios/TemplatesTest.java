package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.scenarios.internal.run.Templates;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  private static final Map<String, Object> VARS = Map.of("n", 7, "run", "abc", "now_ms", 1_700_000_000_123L);

  @Test
  void replacesPlaceholdersInTextAndLeavesUnknownOnes() {
    assertThat(Templates.expand("user-${run}-${n}@x.io ${nope}", VARS)).isEqualTo("user-abc-7@x.io ${nope}");
    assertThat(Templates.expand("plain", VARS)).isEqualTo("plain");
  }

  @Test
  void aStringThatIsOnlyANumericPlaceholderBecomesANumberInJson() throws Exception {
    JsonNode body = new ObjectMapper().readTree("""
        {"id":"u${n}","amount":"${n}","at":"${now_ms}","tags":["${run}"],"${run}_key":true}""");

    JsonNode out = Templates.expand(body, VARS);

    assertThat(out.toString()).isEqualTo(
        "{\"id\":\"u7\",\"amount\":7,\"at\":1700000000123,\"tags\":[\"abc\"],\"abc_key\":true}");
    assertThat(body.get("amount").isTextual()).as("the template is not changed").isTrue();
  }
}
