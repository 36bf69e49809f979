package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.util.BoundedMaps;
import dev.ciofake.internal.util.SystemClock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code no-connection-reuse}: a client (IP and User-Agent) keeps opening new TCP connections although one of its own
 * was free: a new HTTP client per call, or keep-alive switched off.
 *
 * <p>A pool opens a connection only when all of its connections are busy, so a concurrent burst legitimately opens
 * as many connections as it has requests in flight, and once one of them is free the pool sends on it. A client per
 * request never sends a second request on any connection, and opens each new one while its earlier ones sit idle.
 * Seen from the server, a pool's burst can look like that for a moment: it decided to open a connection while all
 * were busy, and the server accepted it a few milliseconds later, after another one had finished. So a new
 * connection counts against the client only when another of its connections had been idle for at least
 * {@value #MIN_IDLE_MILLIS} ms (and at most {@value #IDLE_WINDOW_MILLIS} ms: a pool may close a connection idle for
 * longer) at the moment the server accepted it. On a loaded machine a pool's burst can still look like that: the
 * client connects one by one, tens of milliseconds late, while its first requests are already answered (seen in CI:
 * 5 of 28 connections of one JDK HttpClient's burst). So the case needs one of two more things: the counted openings
 * span at least {@value #MIN_SPAN_MILLIS} ms, first to last (a burst is over sooner, and the next one reuses what the
 * first opened); or the client's requests never overlapped at the server and most of its connections were counted
 * (a client per call in a loop: each call starts after the last one ended; a pool opens connections only for
 * requests in flight at once). The pitfall fires when a client has opened {@value #MIN_CONNECTIONS} connections,
 * {@value #MIN_OPENED_WHILE_IDLE} of them counted so, one of those two holds, and it has not yet sent a single
 * request on a connection it used before; a client that reused a connection once is a pool and is not judged again. Connections the fake itself broke (a chaos fault) do not count as idle. Counted at the server from Jetty's
 * connections, not from headers; reported once per client. A workspace follows up to {@value #MAX_CLIENTS} clients
 * at a time; past that the table starts afresh.
 *
 * <p>What it cannot see: a client per request that calls less often than every {@value #IDLE_WINDOW_MILLIS} ms
 * (each connection then looks like one a pool might have closed), concurrent calls each on a new client that all
 * fall within about {@value #MIN_SPAN_MILLIS} ms, fewer than {@value #MIN_CONNECTIONS} calls, and
 * code that shares a client in one place and makes one per call in another under the same User-Agent.
 */
public final class NoConnectionReuseDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.NO_CONNECTION_REUSE, Severity.WARNING,
      "New connections while the client had an idle one",
      "Create one HTTP client (one customerio-node TrackClient, one java.net.http.HttpClient) at start-up and reuse "
          + "it for every call; a new client per request pays a TCP and TLS handshake each time and runs out of "
          + "sockets under load.");
  static final int MIN_CONNECTIONS = 20;
  /** New connections, each opened while another connection of the client stood idle, that make the case. */
  static final int MIN_OPENED_WHILE_IDLE = 5;
  /**
   * How long a connection must have been idle before a new one counts against the client: longer than a pool's own
   * delay between deciding to open a connection (all busy) and the server accepting it. Measured here: a JDK
   * HttpClient sending 30 requests at once left a connection idle for at most 19 ms before its last new one was
   * accepted; a new client per call in a tight loop leaves the first connection idle for 3, 9, 16, ... 104 ms.
   */
  static final long MIN_IDLE_MILLIS = 25;
  static final long IDLE_WINDOW_MILLIS = 5_000;
  /**
   * How far apart (accept times) the first and the last counted opening must lie: longer than one burst of a pool
   * lasts at the server, even when a loaded machine accepts its connections late (seen in CI: a JDK HttpClient's burst
   * of 30 had 5 connections accepted more than 25 ms after another had gone idle, all within one burst; at a load
   * average of 20 on 2 cores, a burst of 28 made this rule fire with a 300 ms span).
   */
  static final long MIN_SPAN_MILLIS = 1_000;

  /** Clients followed per workspace; past it the table starts afresh (counts of every client start again). */
  static final int MAX_CLIENTS = 1_000;

  /** Connections remembered per client (the most recently used ones). */
  static final int MAX_CONNECTIONS_PER_CLIENT = 64;

  /** Per client, under its own lock (requests of one client are few at a time). */
  static final class Client {
    long requests;
    long opened;
    long openedWhileIdle;
    long reused;
    /** Accept times (epoch milliseconds) of the first and the last counted opening. */
    long firstWhileIdleAt;
    long lastWhileIdleAt;
    /** Latest start and end (real nanoseconds) of the client's requests seen so far, and whether two overlapped. */
    long latestStart = Long.MIN_VALUE;
    long latestEnd = Long.MIN_VALUE;
    boolean overlapped;
    boolean reported;
    /** Connection id to the machine's epoch milliseconds its last request was handled. */
    final LinkedHashMap<String, Long> lastUsed = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > MAX_CONNECTIONS_PER_CLIENT;
      }
    };
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
    long now = SystemClock.realMillis();
    long requests;
    long opened;
    long whileIdle;
    long start = ex.request().startedRealNanos();
    long end = SystemClock.realNanos(); // before the response is written: the client cannot have seen it yet
    synchronized (c) {
      requests = ++c.requests;
      // requests are inspected as they end: one overlapped an earlier one if it started before that one ended, or
      // an earlier-inspected one started after it (it ran inside this one)
      if (start - c.latestEnd < 0 && c.latestEnd != Long.MIN_VALUE
          || start - c.latestStart < 0 && c.latestStart != Long.MIN_VALUE) {
        c.overlapped = true;
      }
      c.latestStart = c.latestStart == Long.MIN_VALUE ? start : Math.max(c.latestStart, start);
      c.latestEnd = c.latestEnd == Long.MIN_VALUE ? end : Math.max(c.latestEnd, end);
      if (!ex.request().firstOnConnection()) {
        c.reused++;
      } else {
        c.opened++;
        long openedAt = ex.request().connectionOpenedAtMillis();
        for (Map.Entry<String, Long> e : c.lastUsed.entrySet()) {
          long idleFor = openedAt - e.getValue();
          if (!e.getKey().equals(conn) && idleFor >= MIN_IDLE_MILLIS && idleFor <= IDLE_WINDOW_MILLIS) {
            if (c.openedWhileIdle++ == 0) {
              c.firstWhileIdleAt = openedAt;
            }
            c.lastWhileIdleAt = Math.max(c.lastWhileIdleAt, openedAt);
            break;
          }
        }
      }
      if (ex.injectedFault() != null) {
        c.lastUsed.remove(conn); // the fake broke it: not a connection the client could have reused
      } else {
        c.lastUsed.put(conn, now);
      }
      opened = c.opened;
      whileIdle = c.openedWhileIdle;
      boolean spread = c.lastWhileIdleAt - c.firstWhileIdleAt >= MIN_SPAN_MILLIS;
      boolean oneAtATime = !c.overlapped && whileIdle * 2 >= opened;
      if (c.reported || c.reused > 0 || opened < MIN_CONNECTIONS || whileIdle < MIN_OPENED_WHILE_IDLE
          || !(spread || oneAtATime)) {
        return;
      }
      c.reported = true;
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("client", key);
    ev.put("requests", requests);
    ev.put("connections", opened);
    ev.put("opened_while_idle", whileIdle);
    recorder.record(DEFINITION, ex, "client " + key + " opened " + opened + " connections for " + requests
        + " requests, " + whileIdle + " of them while another of its connections was idle", ev);
  }
}
