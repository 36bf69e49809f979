package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.Severity;
import dev.ciofake.internal.http.Exchange;
import dev.ciofake.internal.pitfall.BoundedSet;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.BoundedMaps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code no-connection-reuse}: a client (IP and User-Agent) opened a new TCP connection for most of its requests,
 * over at least {@value #MIN_REQUESTS} requests: a new HTTP client per call, or keep-alive switched off. Connections
 * are counted at the server (Jetty's connection of each request), not from headers. Reported once per client.
 */
public final class NoConnectionReuseDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition("no-connection-reuse", Severity.WARNING,
      "A new connection for most requests",
      "Create one HTTP client (one customerio-node TrackClient, one java.net.http.HttpClient) at start-up and reuse "
          + "it for every call; a new client per request pays a TCP and TLS handshake each time and runs out of "
          + "sockets under load.");
  static final int MIN_REQUESTS = 20;

  /** Per client: requests, distinct connections (remembered up to a bound), reported flag. */
  static final class Client {
    long requests;
    long newConnections;
    final BoundedSet<String> connections = new BoundedSet<>(256);
    boolean reported;
  }

  static final class State {
    final Map<String, Client> clients = BoundedMaps.accessOrdered(1_000);
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
    long requests;
    long fresh;
    synchronized (st) {
      Client c = st.clients.computeIfAbsent(key, k -> new Client());
      c.requests++;
      if (c.connections.add(conn)) {
        c.newConnections++;
      }
      if (c.reported || c.requests < MIN_REQUESTS || c.newConnections * 2 <= c.requests) {
        return;
      }
      c.reported = true;
      requests = c.requests;
      fresh = c.newConnections;
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("client", key);
    ev.put("requests", requests);
    ev.put("connections", fresh);
    recorder.record(DEFINITION, ex, "client " + key + " opened " + fresh + " connections for " + requests
        + " requests", ev);
  }
}
