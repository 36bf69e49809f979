package dev.ciofake.internal.app.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics computed from the fake's own deliveries (never made up): per metric, how many deliveries reached it in each
 * period. The periods come from the request: {@code period} ({@code hours}, {@code days}, {@code weeks},
 * {@code months}) and {@code steps} (how many, ending now; default 7), or {@code res} with {@code start} and
 * {@code end} (version 2). Link metrics count clicks per link.
 */
public final class Metrics {
  /** The metrics a series lists, in the API's order. */
  public static final List<String> NAMES = List.of("attempted", "sent", "delivered", "opened", "clicked",
      "converted", "bounced", "spammed", "unsubscribed", "dropped", "failed", "undeliverable");
  private static final int MAX_STEPS = 120;

  private Metrics() {}

  /** The request's buckets: each one's start, in Unix seconds, oldest first; the last ends now. */
  static long[] buckets(Exchange ex) {
    var q = ex.request().query();
    boolean range = q.containsKey("res") || q.containsKey("resolution");
    String unit = q.containsKey("res") ? q.get("res") : q.containsKey("resolution") ? q.get("resolution")
        : q.getOrDefault("period", "days");
    long size = seconds(unit);
    long now = AppJson.now(ex);
    Long start = range ? AppJson.timeParam(ex, "start") : null;
    Long end = range ? AppJson.timeParam(ex, "end") : null;
    int steps;
    long first;
    if (start != null && end != null && end >= start) {
      steps = (int) Math.min(MAX_STEPS, (end - start) / size + 1);
      first = start;
    } else {
      steps = AppJson.intParam(ex, q.containsKey("steps") ? "steps" : "step", 7, 1, MAX_STEPS);
      first = (now / size - (steps - 1)) * size;
    }
    long[] b = new long[steps];
    for (int i = 0; i < steps; i++) {
      b[i] = first + i * size;
    }
    return b;
  }

  private static long seconds(String unit) {
    switch (unit == null ? "days" : unit) {
      case "hours":
      case "hourly":
        return 3_600;
      case "weeks":
      case "weekly":
        return 7 * 86_400;
      case "months":
      case "monthly":
        return 30 * 86_400;
      default:
        return 86_400;
    }
  }

  private static int bucket(long[] b, long at) {
    if (at < b[0]) {
      return -1;
    }
    long size = b.length > 1 ? b[1] - b[0] : Long.MAX_VALUE;
    long i = (at - b[0]) / size;
    return i < b.length ? (int) i : -1;
  }

  /** {@code {series: {attempted: [..], sent: [..], ...}}} over these deliveries. */
  public static ObjectNode metric(Exchange ex, List<? extends JsonNode> deliveries) {
    long[] b = buckets(ex);
    Map<String, int[]> counts = new LinkedHashMap<>();
    NAMES.forEach(n -> counts.put(n, new int[b.length]));
    for (JsonNode d : deliveries) {
      JsonNode m = d.path("metrics");
      for (String n : NAMES) {
        JsonNode at = n.equals("attempted") ? m.has("attempted") ? m.get("attempted") : m.get("sent") : m.get(n);
        if (at != null && at.canConvertToLong()) {
          int i = bucket(b, at.asLong());
          if (i >= 0) {
            counts.get(n)[i]++;
          }
        }
      }
    }
    ObjectNode metric = Json.object();
    ObjectNode series = metric.putObject("series");
    counts.forEach((n, c) -> {
      ArrayNode a = series.putArray(n);
      for (int v : c) {
        a.add(v);
      }
    });
    return metric;
  }

  /** {@code [{link: {id, href}, metric: {series: {clicked, human_clicked, machine_clicked}}}]} over the clicks. */
  public static ArrayNode links(Exchange ex, List<? extends JsonNode> deliveries) {
    long[] b = buckets(ex);
    boolean unique = Boolean.parseBoolean(ex.request().query().getOrDefault("unique", "false"));
    Map<String, int[]> byHref = new LinkedHashMap<>();
    Map<String, Long> ids = new LinkedHashMap<>();
    for (JsonNode d : deliveries) {
      java.util.Set<String> counted = new java.util.HashSet<>();
      for (JsonNode c : d.path("clicks")) {
        String href = c.path("href").asText();
        if (unique && !counted.add(href)) {
          continue;
        }
        int i = bucket(b, c.path("at").asLong());
        int[] series = byHref.computeIfAbsent(href, h -> new int[b.length]);
        ids.putIfAbsent(href, c.path("link_id").canConvertToLong() ? c.get("link_id").asLong() : ids.size() + 1L);
        if (i >= 0) {
          series[i]++;
        }
      }
    }
    ArrayNode links = Json.array();
    byHref.forEach((href, series) -> {
      ObjectNode l = links.addObject();
      l.putObject("link").put("id", ids.get(href)).put("href", href);
      ObjectNode s = l.putObject("metric").putObject("series");
      ArrayNode clicked = s.putArray("clicked");
      ArrayNode human = s.putArray("human_clicked");
      ArrayNode machine = s.putArray("machine_clicked");
      for (int v : series) {
        clicked.add(v);
        human.add(v);
        machine.add(0);
      }
    });
    return links;
  }

  /**
   * A campaign's journey metrics over its deliveries: people started, activated and messaged per period (each person
   * counted in the period of their first message); conversions and exits are not modelled and stay 0.
   */
  public static ObjectNode journey(Exchange ex, List<? extends JsonNode> deliveries) {
    long[] b = buckets(ex);
    int[] people = new int[b.length];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonNode d : deliveries) {
      String who = d.path("person").path("cio_id").asText();
      int i = bucket(b, d.path("created").asLong());
      if (i >= 0 && seen.add(who)) {
        people[i]++;
      }
    }
    ObjectNode j = Json.object();
    long size = b.length > 1 ? b[1] - b[0] : 86_400;
    j.put("start", Instant.ofEpochSecond(b[0]).toString());
    j.put("end", Instant.ofEpochSecond(b[b.length - 1] + size).toString());
    j.put("res", ex.request().query().getOrDefault("resolution", "days"));
    ObjectNode series = j.putObject("series");
    for (String n : List.of("started", "activated", "messaged", "converted", "exited_early", "never_activated",
        "finished")) {
      ArrayNode a = Json.array();
      for (int v : people) {
        a.add(n.equals("started") || n.equals("activated") || n.equals("messaged") ? v : 0);
      }
      j.set(n, a);
      series.set(n, a.deepCopy());
    }
    return j;
  }
}
