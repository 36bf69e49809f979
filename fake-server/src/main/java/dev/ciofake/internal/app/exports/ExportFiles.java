package dev.ciofake.internal.app.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ciofake.internal.state.Audience;
import dev.ciofake.internal.app.common.MessageView;
import dev.ciofake.internal.app.common.Metrics;
import dev.ciofake.internal.state.Person;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files of finished exports, computed over the workspace's state when the export finishes. Customer.io does
 * not document the file format (docs/app-api-facts.md section 6); the fake writes CSV (RFC 4180, a header row, UTF-8),
 * which is what the product's own exports download as: people with {@code id}, {@code email}, {@code cio_id} and the
 * requested attributes; deliveries with their ids, recipient and the time of each metric reached.
 */
final class ExportFiles {
  /** The media type of an export file. */
  static final String CSV = "text/csv; charset=utf-8";
  private static final CsvMapper MAPPER = new CsvMapper();

  private ExportFiles() {}

  /** The rows of a file: the columns, then one list of values per row. */
  record Table(List<String> columns, List<List<String>> rows) {
    byte[] csv() {
      CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
      columns.forEach(schema::addColumn);
      try {
        return MAPPER.writer(schema.build()).writeValueAsBytes(rows);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The people a customers export's {@code filters} select, with its extra {@code attributes} as columns. */
  static Table customers(Workspace w, JsonNode request) {
    List<String> extra = new ArrayList<>();
    request.path("attributes").forEach(a -> extra.add(a.asText()));
    List<String> columns = new ArrayList<>(List.of("id", "email", "cio_id"));
    extra.stream().filter(a -> !columns.contains(a)).forEach(columns::add);
    JsonNode filter = request.path("filters");
    Audience audience = Audience.of(w);
    List<List<String>> rows = new ArrayList<>(w.people().readAll(p -> audience.matches(filter, p)
        ? row(p, columns) : null));
    rows.removeIf(Objects::isNull);
    return new Table(columns, rows);
  }

  private static List<String> row(Person p, List<String> columns) {
    List<String> r = new ArrayList<>(columns.size());
    for (String c : columns) {
      switch (c) {
        case "id":
          r.add(p.id() == null ? "" : p.id());
          break;
        case "email":
          r.add(p.email() == null ? "" : p.email());
          break;
        case "cio_id":
          r.add(p.cioId());
          break;
        default:
          JsonNode v = p.attributes().get(c);
          r.add(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
      }
    }
    return r;
  }

  /**
   * The deliveries of the newsletter, campaign, transactional message or action a deliveries export names, created
   * between {@code start} and {@code end}, that reached its {@code metric} (if given).
   */
  static Table deliveries(Workspace w, JsonNode request) {
    List<String> extra = new ArrayList<>();
    request.path("attributes").forEach(a -> extra.add(a.asText()));
    List<String> columns = new ArrayList<>(List.of("delivery_id", "customer_id", "email", "cio_id", "type",
        "recipient", "subject", "created"));
    columns.addAll(Metrics.NAMES);
    extra.stream().filter(a -> !columns.contains(a)).forEach(columns::add);
    String metric = request.path("metric").asText(null);
    Long start = request.path("start").canConvertToLong() ? request.get("start").asLong() : null;
    Long end = request.path("end").canConvertToLong() ? request.get("end").asLong() : null;
    Map<String, String> parent = new LinkedHashMap<>();
    for (String f : List.of("newsletter_id", "campaign_id", "action_id")) {
      if (request.hasNonNull(f)) {
        parent.put(f, request.get(f).asText());
      }
    }
    String transactional = request.hasNonNull("transactional_message_id")
        ? request.get("transactional_message_id").asText() : null;
    List<ObjectNode> found = w.messages().deliveries(d -> {
      for (Map.Entry<String, String> p : parent.entrySet()) {
        if (!p.getValue().equals(d.path(p.getKey()).asText())) {
          return false;
        }
      }
      long created = d.path("created").asLong();
      return (transactional == null || transactional.equals(d.path("transactional_message_id").asText()))
          && (start == null || created >= start) && (end == null || created <= end)
          && (metric == null || MessageView.reached(d, metric));
    }, Integer.MAX_VALUE);
    List<List<String>> rows = new ArrayList<>();
    for (ObjectNode d : found) {
      JsonNode person = d.path("person");
      List<String> r = new ArrayList<>(columns.size());
      r.add(d.path("delivery_id").asText());
      r.add(person.path("id").asText(""));
      r.add(person.path("email").asText(""));
      r.add(person.path("cio_id").asText(""));
      r.add(MessageView.type(d.path("channel").asText("email")));
      JsonNode recipient = d.path("recipient");
      r.add(recipient.isArray() ? recipient.path(0).asText("") : recipient.asText(""));
      r.add(d.path("subject").asText(""));
      r.add(d.path("created").asText(""));
      for (String m : Metrics.NAMES) {
        r.add(d.path("metrics").path(m).asText(""));
      }
      for (String a : extra) {
        if (columns.indexOf(a) < 8 + Metrics.NAMES.size()) {
          continue;
        }
        String value = w.people().read(new PersonRef(PersonRef.CIO_ID, person.path("cio_id").asText()), p -> {
          JsonNode v = p.attributes().get(a);
          return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
        });
        r.add(value == null ? "" : value);
      }
      rows.add(r);
    }
    return new Table(columns, rows);
  }
}
