package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.auth.AuthOutcome;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.validation.TimestampRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code invalid-request}: any other 4xx the client caused, or batch items a 207 refused, with the reasons. Rejections that a more specific
 * pitfall explains (a wrong kind of key, a millisecond timestamp, a size limit, a rate limit) are left to that
 * pitfall, and
 * faults that chaos injected on purpose are never the client's.
 */
public final class InvalidRequestDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.INVALID_REQUEST, Severity.ERROR,
      "The fake rejected a request the real service would reject too",
      "Read the reasons in the evidence: the request breaks a documented rule of the Customer.io API "
          + "(a required field, a limit, an identifier, credentials). Fix the call; the real service answers the same "
          + "status and your data is lost.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    if (ex.response() == null || ex.chaosAnswered()) { // chaos's own errors are not the client's; a delay is neither
      return;
    }
    int status = ex.response().status();
    boolean partial = status == 207;
    if (!partial && (status < 400 || status >= 500 || status == 429)) {
      return;
    }
    if (ex.auth() != null && ex.auth().status() == AuthOutcome.Status.WRONG_KEY_TYPE) {
      return;
    }
    List<String> reasons = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    boolean explainedElsewhere = true;
    for (Violation v : ex.violations()) {
      if (!v.rejects()) {
        continue;
      }
      reasons.add(v.index() == null ? v.message() : "batch item " + v.index() + ": " + v.message());
      if (v.field() != null) {
        fields.add(v.field());
      }
      explainedElsewhere &= TimestampRule.CODE.equals(v.code())
          || OversizedPayloadDetector.PAST_LIMIT_CODES.contains(v.code());
      if ("unmodelled".equals(v.code())) {
        return; // the fake's own limit, not the client's mistake
      }
    }
    if (!reasons.isEmpty() && explainedElsewhere) {
      return;
    }
    if (reasons.isEmpty() && ex.auth() != null && !ex.auth().ok()) {
      reasons.add(ex.auth().detail());
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("status", status);
    ev.put("reasons", reasons);
    if (!fields.isEmpty()) {
      ev.put("fields", fields);
    }
    String first = reasons.isEmpty() ? "status " + status : reasons.get(0);
    if (partial && reasons.isEmpty()) {
      return;
    }
    recorder.record(DEFINITION, ex, ex.request().method() + " " + ex.request().rawPath()
        + (partial ? " was partly rejected (207): " : " was rejected with " + status + ": ") + first + (reasons.size() > 1 ? " (+" + (reasons.size() - 1) + " more)" : ""), ev);
  }
}
