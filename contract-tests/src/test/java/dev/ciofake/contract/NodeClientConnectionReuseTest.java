package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.PitfallIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code no-connection-reuse} against the real customerio-node 5.2: one shared TrackClient sending 30 identifies at
 * once and then 30 tracks opens a connection per request in flight, which is a pool doing its job, not the pitfall.
 * A new TrackClient per call is no mistake on the wire with this client either (it sends with fetch, whose pool is
 * the process's), and the fake says nothing; a client that really opens a connection per call is pinned by
 * {@code ConnectionReuseTest} in fake-server, and the source pattern by {@code cio-fake audit}.
 */
class NodeClientConnectionReuseTest {

  private static void runNode(CioFake cio, String mode) throws Exception {
    Path project = NodeProject.require();
    Path out = Files.createTempFile("cio-fake-reuse", ".log");
    ProcessBuilder pb = new ProcessBuilder(NodeProject.node(), "connection-reuse.js", mode).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("CIO_FAKE_TRACK_URL", cio.trackUrl());
    pb.environment().put("CIO_FAKE_SITE_ID", cio.siteId());
    pb.environment().put("CIO_FAKE_TRACK_API_KEY", cio.trackApiKey());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node connection-reuse.js %s finished", mode).isTrue();
    assertThat(p.exitValue()).as("node output: %s", Files.readString(out, StandardCharsets.UTF_8)).isZero();
  }

  private static Set<String> connections(CioFake cio) {
    Set<String> ids = new HashSet<>();
    cio.requests(1000).forEach(r -> ids.add(r.connection()));
    return ids;
  }

  @Test
  void oneSharedClientSendingConcurrentBurstsIsNotThePitfall() throws Exception {
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build())) {
      CioFake cio = server.fake();
      runNode(cio, "shared");

      assertThat(cio.requests(1000)).hasSize(60);
      assertThat(connections(cio)).as("a pool: several connections, some carrying more than one request")
          .hasSizeGreaterThan(1).hasSizeLessThan(60);
      assertThat(cio.pitfalls()).extracting(p -> p.id()).doesNotContain(PitfallIds.NO_CONNECTION_REUSE);
    }
  }

  @Test
  void aTrackClientPerCallSharesTheProcesssPoolAndIsNotThePitfallEither() throws Exception {
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build())) {
      CioFake cio = server.fake();
      runNode(cio, "per-call");

      assertThat(cio.requests(1000)).hasSize(25);
      assertThat(connections(cio)).as("fetch's pool reused its connections").hasSizeLessThan(5);
      assertThat(cio.pitfalls()).extracting(p -> p.id()).doesNotContain(PitfallIds.NO_CONNECTION_REUSE);
    }
  }
}
