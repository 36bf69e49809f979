package dev.ciofake.junit5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.admin.AdminClient;
import dev.ciofake.testcontainers.CustomerIoFakeContainer;
import java.nio.file.Path;
import org.testcontainers.utility.DockerImageName;

/**
 * The fake in its container image. Options reach it through the image's {@code CIO_FAKE_*} variables: workspaces,
 * lenient timestamps, rate limits on or off, and the default workspace's webhook; parallel workspaces are created
 * through the admin API. Loaded only in {@link Mode#CONTAINER}, so Testcontainers stays optional.
 */
final class ContainerBackend implements FakeBackend {
  private final CustomerIoFakeContainer container;

  ContainerBackend(CioFakeOptions options, String image) {
    DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor(
        CustomerIoFakeContainer.DEFAULT_IMAGE_NAME);
    String tar = System.getProperty("cio-fake.image.tar");
    if (tar != null && !tar.isBlank()) {
      CustomerIoFakeContainer.loadImageIfMissing(name, Path.of(tar));
    }
    CustomerIoFakeContainer c = new CustomerIoFakeContainer(name).withOptions(options);
    c.start();
    this.container = c;
  }

  @Override
  public CioFake fake() {
    return container.fake();
  }

  @Override
  public CioFake newFake() {
    JsonNode w = new AdminClient(container.getAdminUrl(), container.getAdminToken()).send("POST", "/workspaces", "{}");
    return container.fake(new WorkspaceCredentials(w.get("site_id").asText(), w.get("track_api_key").asText(),
        w.get("app_api_key").asText(), w.get("pipelines_api_key").asText()));
  }

  @Override
  public CioFakeServer server() {
    return null;
  }

  @Override
  public void resetAll() {
    new AdminClient(container.getAdminUrl(), container.getAdminToken()).send("POST", "/reset", null);
  }

  @Override
  public void stop() {
    container.stop();
  }
}
