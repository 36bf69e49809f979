package dev.ciofake.container;

import dev.ciofake.testcontainers.CustomerIoFakeContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Makes sure the cio-fake image of this build is in the container engine before a container test starts: loads
 * {@code standalone/target/jib-image.tar} (once per test JVM) when the build wrote it. Without an engine the tests skip (Testcontainers'
 * {@code disabledWithoutDocker}); with one but without the image, they skip with the command that builds it, unless
 * {@code -Dcio-fake.require-image=true} or {@code CIOFAKE_BUILD_CONTAINERS=1} (set by .ci/run once it built the image)
 * turns that into a failure.
 */
public final class ContainerImages {
  /** Runs {@link #ensureImage()} before the other extensions of a class start a container. */
  public static final class Ensure implements org.junit.jupiter.api.extension.BeforeAllCallback {
    @Override
    public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      ensureImage();
    }
  }

  public static final DockerImageName IMAGE = CustomerIoFakeContainer.DEFAULT_IMAGE_NAME.withTag("latest");

  private ContainerImages() {}

  /** Skips (or fails, where the image is required) the calling test without the image; loads this build's. */
  public static void ensureImage() {
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
    if (Files.isRegularFile(tar)) {
      loadOnce(tar);
    } else {
      CustomerIoFakeContainer.loadImageIfMissing(IMAGE, tar);
    }
  }

  private static boolean loaded;

  /**
   * Loads the tar this build wrote, once per test JVM, even when the engine has an image of that name: an image
   * left by an earlier build would otherwise be tested in place of this one.
   */
  private static synchronized void loadOnce(Path tar) {
    if (loaded) {
      return;
    }
    try (InputStream in = Files.newInputStream(tar)) {
      DockerClientFactory.instance().client().loadImageCmd(in).exec();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    loaded = true;
  }
}
