package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.check.Attempt;
import org.junit.jupiter.api.Test;

class AttemptTest {
  @Test
  void aJournalEntryRefusedBeforeItsBodyWasReadHasTheSameKeyAsItsAcceptedRetry() {
    Attempt refused = Attempt.fromJournal(Observed.json("""
        {"id":"req_1","received_at":"2026-01-01T00:00:00.100Z","method":"PUT","path":"/api/v1/customers/1",
         "api":"track","operation":"identify","headers":{"user-agent":"x"},"body_text":"{\\"b\\":2,\\"a\\":1}",
         "status":503,"injected_fault":"r1: outage 503"}"""));
    Attempt accepted = Attempt.fromJournal(Observed.json("""
        {"id":"req_2","received_at":"2026-01-01T00:00:01.200Z","method":"PUT","path":"/api/v1/customers/1",
         "api":"track","operation":"identify","headers":{},"body":{"a":1,"b":2},"status":200,"injected_fault":null}"""));

    assertThat(refused.key()).isEqualTo(accepted.key()).isEqualTo("PUT /api/v1/customers/1 {\"a\":1,\"b\":2}");
    assertThat(refused.injectedFailure()).isTrue();
    assertThat(accepted.injectedFailure()).isFalse();
    assertThat(refused.header("User-Agent")).isEqualTo("x");
    assertThat(accepted.atMillis() - refused.atMillis()).isEqualTo(1100);
  }

  @Test
  void anEventIsKeyedByItsIdAndAPathPersonIsDecoded() {
    Attempt event = Attempt.fromJournal(Observed.json("""
        {"id":"req_1","received_at":"2026-01-01T00:00:00Z","method":"POST","path":"/api/v1/customers/a%2Bb%40x.io/events",
         "api":"track","operation":"track","headers":{},"body":{"name":"x","id":"01HXYZ"},"status":200}"""));

    assertThat(event.key()).isEqualTo("event id 01HXYZ");
    assertThat(event.pathPerson()).isEqualTo("a+b@x.io");
    assertThat(event.isWrite()).isTrue();
  }
}
