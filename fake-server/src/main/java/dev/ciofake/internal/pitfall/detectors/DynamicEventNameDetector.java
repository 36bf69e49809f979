package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.Names;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import java.util.HashSet;
import dev.ciofake.internal.util.BoundedMaps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code dynamic-event-name}: event names that embed ids (a number of 3+ digits, a UUID, a hex token, an email), or
 * many distinct names of three or more words sharing all but the last ({@code viewed_product_a},
 * {@code viewed_product_b}, ...). The stem threshold
 * is configurable ({@code CioFakeOptions.Builder#dynamicEventNameThreshold}). Memory: at most 10 000 stems per
 * workspace, each remembering at most threshold names.
 */
public final class DynamicEventNameDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.DYNAMIC_EVENT_NAME, Severity.ERROR,
      "Event names embed ids or other values",
      "Keep event names a fixed, small set (product_viewed) and put the varying part in the event data "
          + "({\"product_id\": 123}); every distinct name becomes a separate event type in Customer.io.");

  private final int threshold;

  public DynamicEventNameDetector(int threshold) {
    this.threshold = Math.max(2, threshold);
  }

  static final class State {
    final Map<String, Set<String>> namesByStem = BoundedMaps.insertionOrdered(10_000);
    final BoundedSet<String> reported = new BoundedSet<>(10_000);
  }

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    if (ex.workspace() == null) {
      return;
    }
    for (String name : EventNameDetectors.eventNames(ex)) {
      State st = ex.workspace().detectorState(DEFINITION.id(), State::new);
      String id = Names.embeddedId(name);
      String stem = Names.stem(name);
      if (id != null) {
        if (st.reported.add("stem:" + (stem == null ? name : stem))) {
          Map<String, Object> ev = new LinkedHashMap<>();
          ev.put("event", name);
          ev.put("embedded_value", id);
          recorder.record(DEFINITION, ex, "event name '" + name + "' embeds the value '" + id + "'", ev);
        }
        continue;
      }
      if (stem == null || Names.tokens(name).length < 3) {
        continue; // order_created, order_shipped ... share a one-word stem legitimately
      }
      int distinct;
      synchronized (st) {
        Set<String> names = st.namesByStem.computeIfAbsent(stem, k -> new HashSet<>());
        if (names.size() < threshold) {
          names.add(name);
        }
        distinct = names.size();
      }
      if (distinct >= threshold && st.reported.add("stem:" + stem)) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("stem", stem);
        ev.put("distinct_names", distinct);
        ev.put("threshold", threshold);
        ev.put("latest", name);
        recorder.record(DEFINITION, ex, threshold + " distinct event names share the stem '" + stem + "' (latest '"
            + name + "'): the last word looks like a value", ev);
      }
    }
  }
}
