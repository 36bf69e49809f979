package dev.ciofake.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * docker/Dockerfile builds a working image: it serves, runs as a non-root user, and its HEALTHCHECK command
 * (HealthProbe) reports healthy. The base comes from {@code CIOFAKE_BUILD_DOCKERFILE_BASE}, the local base image .ci/run
 * builds (no registry is reachable there); without it the test needs the public default base and is skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
@ResourceLock(ContainerEngine.LOCK) // one class on the container engine at a time (see ContainerEngine)
class DockerfileImageTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theDockerfileBuildsAnImageThatServesAndIsHealthy() throws Exception {
    String base = System.getenv("CIOFAKE_BUILD_DOCKERFILE_BASE");
    Assumptions.assumeTrue(base != null && !base.isBlank(),
        "CIOFAKE_BUILD_DOCKERFILE_BASE is not set (.ci/run sets it to its local base image): Dockerfile build not run");
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no container engine");
    Path jar = ROOT.resolve("standalone/target/cio-fake.jar");
    assertThat(jar).as("built by the scenarios module before this test").exists();

    ImageFromDockerfile image = new ImageFromDockerfile("localhost/cio-fake-dockerfile", true)
        .withFileFromPath("Dockerfile", ROOT.resolve("docker/Dockerfile"))
        .withFileFromPath("standalone/target/cio-fake.jar", jar)
        .withBuildArg("BASE", base);
    try (GenericContainer<?> c = new GenericContainer<>(image).withExposedPorts(8091)
        .waitingFor(Wait.forHttp("/__cio/health").forPort(8091).forStatusCode(200))) {
      c.start();
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://" + c.getHost() + ":" + c.getMappedPort(8091) + "/__cio/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"status\":\"ok\"");
      assertThat(c.getContainerInfo().getConfig().getUser()).isEqualTo("65532:65532");
      ExecResult probe = c.execInContainer(ContainerAssetsTest.healthCheck().toArray(String[]::new));
      assertThat(probe.getExitCode()).as("the HEALTHCHECK command, also docker/compose.yaml's").isZero();
      assertThat(c.getContainerInfo().getConfig().getHealthcheck()).as("built in docker format, health check kept")
          .isNotNull();
    }
  }
}
