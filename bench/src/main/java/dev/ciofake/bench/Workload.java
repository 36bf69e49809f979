package dev.ciofake.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a load sends: one wrk script each ({@code wrk/<name>.lua} among the bench's resources, with
 * {@code wrk/common.lua} before it), and the same requests for the bench's own generator ({@link LoadMain}).
 * Parameters: a prefix that keeps ids unique across runs against one server, and a number of preloaded people
 * ({@code p0 .. p<people-1>}; 0 for a workload of new ids).
 */
enum Workload {
  /** Track identifies, {@code PUT /api/v1/customers/{id}}; new people, or the preloaded ones round robin. */
  IDENTIFY("identify", Auth.TRACK),
  /** Track events, {@code POST /api/v1/customers/p{k}/events}, for the preloaded people round robin. */
  TRACK("track", Auth.TRACK),
  /** Data Pipelines {@code POST /v1/batch}: 15 calls, 1 identify of a new user and 14 tracks of that user. */
  BATCH("batch", Auth.PIPELINES);

  /** Calls in one {@link #BATCH} request. */
  static final int CALLS_PER_BATCH = 15;

  /** The Authorization headers of the default workspace (documented defaults, not secrets). */
  enum Auth {
    TRACK("cio-fake-site:cio-fake-track-key"),
    PIPELINES("cio-fake-pipelines-key:");

    final String header;

    Auth(String userPassword) {
      this.header = "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** One request of a workload. */
  record Req(String method, String path, String body) {}

  final String script;
  final Auth auth;

  Workload(String script, Auth auth) {
    this.script = script;
    this.auth = auth;
  }

  /** Calls per request, for a rate in calls per second. */
  int callsPerRequest() {
    return this == BATCH ? CALLS_PER_BATCH : 1;
  }

  /**
   * The {@code n}-th request (from 1) of sender {@code conn} of {@code conns}: a wrk thread, or a connection of the
   * bench's own generator.
   */
  Req request(String prefix, int people, int conn, int conns, long n) {
    switch (this) {
      case IDENTIFY: {
        String id = people > 0 ? person(people, conn, conns, n) : prefix + "-" + conn + "-" + n;
        return new Req("PUT", "/api/v1/customers/" + id, "{\"email\":\"" + id + "@example.com\",\"created_at\":"
            + (1_700_000_000L + n) + ",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"plan\":\"pro\",\"logins\":"
            + n + ",\"newsletter\":true}");
      }
      case TRACK:
        return new Req("POST", "/api/v1/customers/" + person(people, conn, conns, n) + "/events",
            "{\"name\":\"purchase\",\"data\":{\"price\":" + (n % 1000) + ".5,\"sku\":\"sku-" + (n % 500)
                + "\",\"currency\":\"USD\"},\"timestamp\":" + (1_700_000_000L + n % 1_000_000) + "}");
      default: {
        String user = prefix + "-" + conn + "-" + n;
        StringBuilder b = new StringBuilder(4096).append("{\"batch\":[{\"type\":\"identify\",\"userId\":\"")
            .append(user).append("\",\"traits\":{\"email\":\"").append(user)
            .append("@example.com\",\"plan\":\"pro\"},\"messageId\":\"").append(user).append("-0\"}");
        for (int i = 1; i < CALLS_PER_BATCH; i++) {
          b.append(",{\"type\":\"track\",\"userId\":\"").append(user)
              .append("\",\"event\":\"Item Viewed\",\"properties\":{\"sku\":\"sku-").append(i).append("\",\"price\":")
              .append(i).append(".5},\"messageId\":\"").append(user).append('-').append(i)
              .append("\",\"timestamp\":\"2026-11-30T12:00:00Z\"}");
        }
        return new Req("POST", "/v1/batch", b.append("],\"context\":{\"library\":{\"name\":\"cio-fake-bench\"}}}")
            .toString());
      }
    }
  }

  /** The preloaded person a request goes to; the wrk scripts' {@code bench_person}. */
  static String person(int people, int conn, int conns, long n) {
    return "p" + ((n * conns + conn) % people);
  }

  /** The identify that preloads person {@code p<k>}. */
  static Req preload(int k) {
    String id = "p" + k;
    return new Req("PUT", "/api/v1/customers/" + id, "{\"email\":\"" + id + "@example.com\","
        + "\"created_at\":1700000000,\"plan\":\"pro\"}");
  }
}
