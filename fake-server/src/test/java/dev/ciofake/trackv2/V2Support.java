package dev.ciofake.trackv2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared helpers of the Track v2 tests: the exact success and error responses of {@code /api/v2/entity} and
 * {@code /api/v2/batch}, the admin API reads that show what a request changed, and builders of bodies of an
 * exact byte size for the 32 KB / 500 KB limits.
 */
final class V2Support {
  static final String ENTITY = "/api/v2/entity";
  static final String BATCH = "/api/v2/batch";

  private V2Support() {}

  // ---------------------------------------------------------------- responses

  /** 200 with the live body {@code {}} and the Track headers. */
  static void assertOk(FakeHttp.Response r) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}\n");
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache, no-store, must-revalidate, max-age=0");
  }

  /**
   * A whole-request v2 error: the status and a top-level {@code errors} array (never {@code meta.errors}) whose
   * items each have exactly {@code reason}, {@code field} and {@code message}, and no {@code batch_index}.
   * Returns the errors.
   */
  static JsonNode assertV2Error(FakeHttp.Response r, int status) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    JsonNode body = r.json();
    assertThat(fieldNames(body)).as("the documented errors list, and meta for the official clients: %s", r)
        .containsExactly("errors", "meta");
    JsonNode errors = body.get("errors");
    assertThat(errors).as("errors of %s", r).isNotNull();
    assertThat(errors.isArray()).isTrue();
    assertThat(errors.size()).isGreaterThanOrEqualTo(1);
    for (JsonNode e : errors) {
      assertThat(fieldNames(e)).as("error item %s", e).containsExactly("reason", "field", "message");
      assertThat(e.get("reason").asText()).isNotBlank();
      assertThat(e.get("message").asText()).isNotBlank();
    }
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    // Api.error: the same messages under meta.errors, which customerio-node turns into its message
    assertThat(fieldNames(body.get("meta"))).containsExactly("errors");
    assertThat(body.at("/meta/errors")).hasSameSizeAs(errors);
    for (int i = 0; i < errors.size(); i++) {
      assertThat(body.at("/meta/errors/" + i).asText()).endsWith(errors.get(i).get("message").asText());
    }
    return errors;
  }

  /** A 400 whose only error has this reason and field; returns that error. */
  static JsonNode assertBadRequest(FakeHttp.Response r, String reason, String field) {
    JsonNode errors = assertV2Error(r, 400);
    assertThat(errors).as("errors of %s", r).hasSize(1);
    JsonNode e = errors.get(0);
    assertThat(e.get("reason").asText()).as("reason of %s", r).isEqualTo(reason);
    assertThat(e.get("field").asText()).as("field of %s", r).isEqualTo(field);
    return e;
  }

  /**
   * A 207 batch answer: every error has {@code batch_index}, {@code reason}, {@code field} and {@code message},
   * and the indexes are exactly {@code indexes} (in order). Returns the errors.
   */
  static JsonNode assertPartial(FakeHttp.Response r, Integer... indexes) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(207);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    JsonNode errors = r.json().get("errors");
    assertThat(errors).as("errors of %s", r).isNotNull();
    List<Integer> got = new ArrayList<>();
    for (JsonNode e : errors) {
      assertThat(fieldNames(e)).as("error item %s", e).containsExactly("batch_index", "reason", "field", "message");
      assertThat(e.get("batch_index").isInt()).isTrue();
      got.add(e.get("batch_index").asInt());
    }
    assertThat(got).as("batch indexes of %s", r).containsExactly(indexes);
    return errors;
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  // ---------------------------------------------------------------- admin reads

  private static JsonNode adminGet(FakeHttp http, String what) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/" + what, null);
    assertThat(r.status()).as("GET %s -> %s", what, r).isEqualTo(200);
    return r.json();
  }

  static JsonNode people(FakeHttp http) {
    return adminGet(http, "people").get("people");
  }

  /** The stored person whose {@code id} is this, or {@code null}. */
  static JsonNode personById(FakeHttp http, String id) {
    for (JsonNode p : people(http)) {
      if (id.equals(p.path("id").asText(null))) {
        return p;
      }
    }
    return null;
  }

  /** The stored person whose {@code phone} attribute is this, or {@code null}. */
  static JsonNode personByPhone(FakeHttp http, String phone) {
    for (JsonNode p : people(http)) {
      if (phone.equals(p.path("attributes").path("phone").asText(null))) {
        return p;
      }
    }
    return null;
  }

  static JsonNode events(FakeHttp http) {
    return adminGet(http, "events").get("events");
  }

  static JsonNode objects(FakeHttp http) {
    return adminGet(http, "objects").get("objects");
  }

  /** The stored object with key {@code type:id}, or {@code null}. */
  static JsonNode object(FakeHttp http, String key) {
    for (JsonNode o : objects(http)) {
      if (key.equals(o.path("key").asText())) {
        return o;
      }
    }
    return null;
  }

  static JsonNode deliveryMetrics(FakeHttp http) {
    return adminGet(http, "metrics").get("delivery_metrics");
  }

  /** Pitfalls with this id, over {@code GET /__cio/pitfalls}. */
  static List<JsonNode> pitfalls(FakeHttp http, String id) {
    FakeHttp.Response r = http.admin("GET", "/__cio/pitfalls?id=" + id, null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("pitfalls").forEach(out::add);
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  // ---------------------------------------------------------------- exact-size bodies

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * A compact person event operation of exactly {@code size} bytes (its event data holds an ASCII padding
   * string), so its size is the same as the fake's compact re-serialisation of it.
   */
  static String eventOfSize(String personId, String name, int size) {
    String head = "{\"type\":\"person\",\"identifiers\":{\"id\":\"" + personId + "\"},\"action\":\"event\",\"name\":\""
        + name + "\",\"attributes\":{\"pad\":\"";
    String tail = "\"}}";
    int padding = size - utf8(head) - utf8(tail);
    if (padding < 0) {
      throw new IllegalArgumentException("an event operation cannot be smaller than " + (size - padding));
    }
    String op = head + "x".repeat(padding) + tail;
    assertThat(utf8(op)).isEqualTo(size);
    return op;
  }

  /** {@code {"batch":[...]}} of these compact operations. */
  static String batchOf(List<String> ops) {
    return "{\"batch\":[" + String.join(",", ops) + "]}";
  }

  /**
   * A batch body of exactly {@code total} bytes made of event operations of at most 30 000 bytes each
   * (well under the 32 KB item limit), for people {@code prefix0}, {@code prefix1}, ...
   */
  static String batchOfSize(String prefix, int total) {
    int itemSize = 30_000;
    int n = (total - 12) / (itemSize + 1) + 1;
    List<String> ops = new ArrayList<>();
    int used = 12 + (n - 1); // {"batch":[ ]} plus the commas
    for (int i = 0; i < n - 1; i++) {
      ops.add(eventOfSize(prefix + i, "big", itemSize));
      used += itemSize;
    }
    ops.add(eventOfSize(prefix + (n - 1), "big", total - used));
    String body = batchOf(ops);
    assertThat(utf8(body)).isEqualTo(total);
    return body;
  }
}
