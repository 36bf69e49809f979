package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.util.BoundedMaps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code no-connection-reuse}: a client (IP and User-Agent) opened a new TCP connection for most of its requests,
 * over at least {@value #MIN_REQUESTS} requests: a new HTTP client per call, or keep-alive switched off. Connections
 * are counted at the server (Jetty counts the requests of each connection; a request that is the first on its
 * connection opened it), not from headers. Reported once per client. A workspace follows up to {@value #MAX_CLIENTS}
 * clients at a time; past that the table starts afresh.
 */
public final class NoConnectionReuseDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.NO_CONNECTION_REUSE, Severity.WARNING,
      "A new connection for most requests",
      "Create one HTTP client (one customerio-node TrackClient, one java.net.http.HttpClient) at start-up and reuse "
          + "it for every call; a new client per request pays a TCP and TLS handshake each time and runs out of "
          + "sockets under load.");
  static final int MIN_REQUESTS = 20;

  /** Clients followed per workspace; past it the table starts afresh (counts of every client start again). */
  static final int MAX_CLIENTS = 1_000;

  /** Per client: requests, requests that opened a connection, reported flag. Lock-free: every request counts. */
  static final class Client {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong newConnections = new AtomicLong();
    final AtomicBoolean reported = new AtomicBoolean();
  }

  static final class State {
    final ConcurrentMap<String, Client> clients = new ConcurrentHashMap<>();
  }

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    String conn = ex.request().connectionId();
    if (ex.workspace() == null || conn == null) {
      return;
    }
    String key = ex.request().clientIp() + " " + ex.request().header("User-Agent");
    State st = ex.workspace().detectorState(DEFINITION.id(), State::new);
    Client c = BoundedMaps.getOrCreate(st.clients, MAX_CLIENTS, key, k -> new Client());
    long requests = c.requests.incrementAndGet();
    long fresh = ex.request().firstOnConnection() ? c.newConnections.incrementAndGet() : c.newConnections.get();
    if (c.reported.get() || requests < MIN_REQUESTS || fresh * 2 <= requests || !c.reported.compareAndSet(false, true)) {
      return;
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("client", key);
    ev.put("requests", requests);
    ev.put("connections", fresh);
    recorder.record(DEFINITION, ex, "client " + key + " opened " + fresh + " connections for " + requests
        + " requests", ev);
  }
}
