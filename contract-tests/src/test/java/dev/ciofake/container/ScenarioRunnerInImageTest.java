package dev.ciofake.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The image carries the scenario runner too: a Maven-free way to run the suites in CI. */
@Testcontainers(disabledWithoutDocker = true)
@ResourceLock(ContainerEngine.LOCK) // one class on the container engine at a time (see ContainerEngine)
class ScenarioRunnerInImageTest {

  @BeforeAll
  static void image() {
    ContainerImages.ensureImage();
  }

  @Test
  void theImageListsTheShippedSuites() {
    try (GenericContainer<?> c = new GenericContainer<>(ContainerImages.IMAGE)
        .withCommand("scenario", "list")
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
      c.start();
      String out = c.getLogs();
      assertThat(out).contains("rate-limit-burst", "outage-and-recovery", "bounce-handling", "everything");
    }
  }
}
