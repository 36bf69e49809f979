package dev.ciofake.internal.pitfall.detectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Messages;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.BoundedMaps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code message-read-too-soon}: the integration read one message ({@code GET /v1/messages/{id}}) within
 * {@value #WINDOW_SECONDS} s of sending it, before its outcome was known (it was {@code queued} or only
 * {@code sent}), and never read it again although it has since been delivered, bounced or dropped: it took the early
 * state for the answer. A send's {@code 200} and an early read say the message was accepted, not delivered.
 *
 * <p>Judged over the run (when pitfalls are read), from what this detector saw: correct code that polls until the
 * outcome, reads once after it, or never reads, is not judged; a message whose outcome is still unknown is not either.
 * At most {@value #TRACKED} early reads are followed per workspace.
 */
public final class MessageReadTooSoonDetector implements PitfallDetector {
  static final long WINDOW_SECONDS = 60;
  static final int TRACKED = 1_000;

  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.MESSAGE_READ_TOO_SOON,
      Severity.WARNING, "A message's state was read once, before its outcome, and taken as final",
      "A send's 200 and a queued or sent state mean accepted, not delivered: react to the delivered, bounced and "
          + "dropped reporting-webhook events, or poll getMessage with a pause until metrics has delivered, "
          + "bounced, dropped or failed.");

  /** One early read: what the client saw, and whether it came back once the outcome was known. */
  private static final class EarlyRead {
    final long readAtMillis;
    final long sentAtMillis;
    final String seen;
    final String requestId;
    boolean followedUp;

    EarlyRead(long readAtMillis, long sentAtMillis, String seen, String requestId) {
      this.readAtMillis = readAtMillis;
      this.sentAtMillis = sentAtMillis;
      this.seen = seen;
      this.requestId = requestId;
    }
  }

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  private static Map<String, EarlyRead> reads(Workspace w) {
    return w.detectorState(DEFINITION.id(), () -> BoundedMaps.<String, EarlyRead>insertionOrdered(TRACKED));
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    Workspace w = ex.workspace();
    if (w == null) {
      return;
    }
    long now = ex.request().receivedAtMillis();
    for (Effect e : ex.effects()) {
      if (!(e instanceof Effect.MessageRead r)) {
        continue;
      }
      Map<String, EarlyRead> reads = reads(w);
      synchronized (reads) {
        EarlyRead early = reads.get(r.deliveryId());
        if (r.outcomeKnown()) {
          if (early != null) {
            early.followedUp = true;
          }
        } else if (early == null && r.single() && now - r.sentAtMillis() <= WINDOW_SECONDS * 1000) {
          reads.put(r.deliveryId(), new EarlyRead(now, r.sentAtMillis(), r.lastMetric(), ex.request().id()));
        }
      }
    }
  }

  @Override
  public List<Pitfall> judge(Workspace w, Instant now) {
    Map<String, EarlyRead> snapshot;
    Map<String, EarlyRead> reads = reads(w);
    synchronized (reads) {
      snapshot = new LinkedHashMap<>();
      reads.forEach((id, r) -> {
        if (!r.followedUp) {
          snapshot.put(id, r);
        }
      });
    }
    List<Pitfall> out = new ArrayList<>();
    for (Map.Entry<String, EarlyRead> e : snapshot.entrySet()) {
      ObjectNode d = w.messages().delivery(e.getKey());
      if (d == null || !Messages.outcomeKnown(d.path("metrics"))) {
        continue;
      }
      String outcome = null;
      for (String m : Messages.OUTCOMES) {
        if (d.path("metrics").has(m)) {
          outcome = m;
          break;
        }
      }
      EarlyRead r = e.getValue();
      double after = Math.max(0, r.readAtMillis - r.sentAtMillis) / 1000.0;
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("delivery_id", e.getKey());
      ev.put("state_read", r.seen);
      ev.put("seconds_after_send", after);
      ev.put("outcome_since", outcome);
      ev.put("read_request_id", r.requestId);
      out.add(new Pitfall(DEFINITION.id(), DEFINITION.severity(), "Message " + e.getKey() + " was read " + after
          + " s after it was sent, while " + r.seen + ", and never again; it has since been " + outcome,
          DEFINITION.fix(), w.siteId(), r.requestId, ev, now));
    }
    return out;
  }
}
