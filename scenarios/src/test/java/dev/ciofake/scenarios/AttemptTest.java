package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.scenarios.internal.check.Attempt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttemptTest {
  private static CioFake.Request request(String id, String at, String method, String path, String operation,
      int status, String fault, Map<String, String> headers, String body) {
    return new CioFake.Request(id, Instant.parse(at), method, path, "", "track", operation, status, List.of(), fault,
        1.0, headers, body, "c1");
  }

  @Test
  void aJournalEntryRefusedBeforeItsBodyWasReadHasTheSameKeyAsItsAcceptedRetry() {
    Attempt refused = Attempt.fromJournal(request("req_1", "2026-01-01T00:00:00.100Z", "PUT", "/api/v1/customers/1",
        "identify", 503, "r1: outage 503", Map.of("user-agent", "x"), "{\"b\":2,\"a\":1}"));
    Attempt accepted = Attempt.fromJournal(request("req_2", "2026-01-01T00:00:01.200Z", "PUT", "/api/v1/customers/1",
        "identify", 200, null, Map.of(), "{\"a\":1,\"b\":2}"));

    assertThat(refused.key()).isEqualTo(accepted.key()).isEqualTo("PUT /api/v1/customers/1 {\"a\":1,\"b\":2}");
    assertThat(refused.injectedFailure()).isTrue();
    assertThat(accepted.injectedFailure()).isFalse();
    assertThat(refused.header("User-Agent")).isEqualTo("x");
    assertThat(accepted.atMillis() - refused.atMillis()).isEqualTo(1100);
  }

  @Test
  void anEventIsKeyedByItsIdAndAPathPersonIsDecoded() {
    Attempt event = Attempt.fromJournal(request("req_1", "2026-01-01T00:00:00Z", "POST",
        "/api/v1/customers/a%2Bb%40x.io/events", "track", 200, null, Map.of(), "{\"name\":\"x\",\"id\":\"01HXYZ\"}"));

    assertThat(event.key()).isEqualTo("event id 01HXYZ");
    assertThat(event.pathPerson()).isEqualTo("a+b@x.io");
    assertThat(event.isWrite()).isTrue();
  }
}
