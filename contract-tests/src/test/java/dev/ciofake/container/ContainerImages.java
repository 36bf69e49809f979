package dev.ciofake.container;

import dev.ciofake.testcontainers.CustomerIoFakeContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Makes sure the cio-fake image is in the container engine before a container test starts: loads
 * {@code standalone/target/jib-image.tar} when needed. Without an engine the tests skip (Testcontainers'
 * {@code disabledWithoutDocker}); with one but without the image, they skip with the command that builds it, unless
 * {@code -Dcio-fake.require-image=true} or {@code CIOFAKE_BUILD_CONTAINERS=1} (set by .ci/run once it built the image)
 * turns that into a failure.
 */
final class ContainerImages {
  /** Runs {@link #ensureImage()} before the other extensions of a class start a container. */
  static final class Ensure implements org.junit.jupiter.api.extension.BeforeAllCallback {
    @Override
    public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      ensureImage();
    }
  }

  static final DockerImageName IMAGE = CustomerIoFakeContainer.DEFAULT_IMAGE_NAME.withTag("latest");

  private ContainerImages() {}

  static void ensureImage() {
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "no container engine reachable: container tests skipped");
    Path tar = Path.of(System.getProperty("cio-fake.image.tar", "../standalone/target/jib-image.tar"));
    boolean required = Boolean.getBoolean("cio-fake.require-image") || "1".equals(System.getenv("CIOFAKE_BUILD_CONTAINERS"));
    if (!required && !Files.isRegularFile(tar)) {
      try {
        DockerClientFactory.instance().client().inspectImageCmd(IMAGE.asCanonicalNameString()).exec();
        return;
      } catch (RuntimeException missing) {
        Assumptions.abort("the image " + IMAGE.asCanonicalNameString() + " is not built: run "
            + "mvn -Pimage package (with -Djib.base.image=... where no registry is reachable); container tests skipped");
      }
    }
    CustomerIoFakeContainer.loadImageIfMissing(IMAGE, tar);
  }
}
