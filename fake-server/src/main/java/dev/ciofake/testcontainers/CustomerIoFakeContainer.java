package dev.ciofake.testcontainers;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.internal.config.Configuration;
import dev.ciofake.internal.config.Configuration.Setting;
import java.util.Map;
import dev.ciofake.WorkspaceCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * cio-fake as a Testcontainers container: the same fake, in its image, for tests that want it out of process.
 *
 * <pre>{@code
 * @Container
 * static CustomerIoFakeContainer cio = new CustomerIoFakeContainer().withOptions(CioFakeOptions.builder()
 *     .workspace(new WorkspaceCredentials("shop", "shop-track-key", "shop-app-key"))
 *     .lenientTimestamps(true)
 *     .build());
 *
 * String trackUrl = cio.getTrackUrl();              // http://localhost:<mapped>/api/v1
 * List<Pitfall> pitfalls = cio.fake().pitfalls();   // the admin API, from the host
 * cio.fake().chaos().error(503).apply();
 * }</pre>
 *
 * Configuration goes through the image's {@code CIO_FAKE_*} variables, from the same {@link CioFakeOptions} an
 * in-process fake takes, so an option behaves the same in both. The wait strategy probes
 * {@code GET /__cio/health}. Needs {@code org.testcontainers:testcontainers} on the test class path.
 */
public class CustomerIoFakeContainer extends GenericContainer<CustomerIoFakeContainer> {
  /** The image name the module expects (and accepts as compatible substitutes). */
  public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("localhost/cio-fake");
  /** The default tag. */
  public static final String DEFAULT_TAG = "latest";
  /** The HTTP port inside the container (Track, App and admin API). */
  public static final int PORT = 8091;

  private List<WorkspaceCredentials> workspaces = List.of(WorkspaceCredentials.DEFAULT);
  private String adminToken;

  /** The default image, {@code localhost/cio-fake:latest}. */
  public CustomerIoFakeContainer() {
    this(DEFAULT_IMAGE_NAME.withTag(DEFAULT_TAG));
  }

  /** Another tag or a compatible image (declare it with {@code asCompatibleSubstituteFor("localhost/cio-fake")}). */
  public CustomerIoFakeContainer(DockerImageName image) {
    super(image);
    image.assertCompatibleWith(DEFAULT_IMAGE_NAME);
    withExposedPorts(PORT);
    withEnv("CIO_FAKE_BIND", "0.0.0.0");
    withEnv("CIO_FAKE_PORT", String.valueOf(PORT));
    waitingFor(Wait.forHttp("/__cio/health").forPort(PORT).forStatusCode(200)
        .withStartupTimeout(Duration.ofSeconds(60)));
  }

  /**
   * Runs the fake with these options, passed as its {@code CIO_FAKE_*} variables through the same mapping the
   * command line reads ({@code port} and {@code bindAddress} are the container's own). An option that cannot reach
   * another process fails here, saying what to do instead.
   *
   * @throws IllegalArgumentException for such an option (a keystore file of this machine, an advanced clock)
   */
  public CustomerIoFakeContainer withOptions(CioFakeOptions options) {
    Objects.requireNonNull(options, "options");
    Map<String, String> env = Configuration.toEnvironment(options);
    for (Setting s : Configuration.all()) {
      if (s.travels() && !env.containsKey(s.env())) {
        getEnvMap().remove(s.env());
      }
    }
    env.forEach(this::withEnv);
    this.workspaces = options.workspaces();
    this.adminToken = options.adminToken();
    return self();
  }

  /**
   * The admin token of the options ({@link CioFakeOptions.Builder#adminToken}), or {@code null}; {@link #fake()} and
   * the JUnit extension send it. Worth setting whenever the container's port is reachable from other machines.
   */
  public String getAdminToken() {
    return adminToken;
  }

  /** {@code http://host:mappedPort}. */
  public String getBaseUrl() {
    return "http://" + getHost() + ":" + getMappedPort(PORT);
  }

  /** The Track API base as the official clients' {@code url} option takes it. */
  public String getTrackUrl() {
    return getBaseUrl() + "/api/v1";
  }

  /** The App API base as the official clients' {@code url} option takes it. */
  public String getAppUrl() {
    return getBaseUrl() + "/v1";
  }

  /**
   * The Data Pipelines API base as customerio-node's {@code PipelinesClient} {@code url} option takes it
   * ({@code http://host:port/v1}); {@code @customerio/cdp-analytics-node} takes {@link #getBaseUrl()} as its
   * {@code host}.
   */
  public String getPipelinesUrl() {
    return getBaseUrl() + "/v1";
  }

  /** The admin API base. */
  public String getAdminUrl() {
    return getBaseUrl() + "/__cio";
  }

  /** The default workspace's credentials. */
  public WorkspaceCredentials getCredentials() {
    return workspaces.get(0);
  }

  /** A handle on the default workspace: pitfalls, people, events, chaos, through the admin API. */
  public CioFake fake() {
    return new CioFake(getBaseUrl(), getCredentials(), adminToken);
  }

  /** A handle on another workspace of this container. */
  public CioFake fake(WorkspaceCredentials credentials) {
    return new CioFake(getBaseUrl(), credentials, adminToken);
  }

  /**
   * Loads an image tar (for example {@code scenarios/target/jib-image.tar}) into the container engine unless the
   * image is already there, so tests need no registry. Thread-safe: test classes running in parallel that call it at
   * once load the tar once.
   *
   * @return whether it loaded the tar
   */
  public static boolean loadImageIfMissing(DockerImageName image, Path tar) {
    synchronized (LOAD_LOCK) {
      return loadUnlessPresent(image, tar);
    }
  }

  private static final Object LOAD_LOCK = new Object();

  private static boolean loadUnlessPresent(DockerImageName image, Path tar) {
    var client = DockerClientFactory.instance().client();
    try {
      client.inspectImageCmd(image.asCanonicalNameString()).exec();
      return false;
    } catch (RuntimeException notThere) {
      if (!Files.isRegularFile(tar)) {
        throw new IllegalStateException("image " + image.asCanonicalNameString() + " is not in the container engine "
            + "and " + tar + " does not exist: build it with mvn -Pimage package", notThere);
      }
      try (InputStream in = Files.newInputStream(tar)) {
        client.loadImageCmd(in).exec();
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
