package dev.ciofake.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The two images (Jib's, from standalone/pom.xml, and docker/Dockerfile's) and docker/compose.yaml agree: the same
 * classpath layout, ports, user, JVM flags, image name and health check, so the compose file works with either image.
 * Read from the files, no container engine needed; the images themselves are run by {@link DockerfileImageTest} and
 * {@link CustomerIoFakeContainerTest}.
 */
class ContainerAssetsTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Dockerfile's HEALTHCHECK command, the exec form both images can run. */
  static List<String> healthCheck() throws Exception {
    Matcher m = Pattern.compile("HEALTHCHECK[^\\n]*\\\\\\n\\s*CMD (\\[.*])").matcher(dockerfile());
    assertThat(m.find()).as("docker/Dockerfile has HEALTHCHECK ... CMD [exec form]").isTrue();
    return strings(JSON.readTree(m.group(1)));
  }

  private static String dockerfile() throws Exception {
    return Files.readString(ROOT.resolve("docker/Dockerfile"));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Element jib() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(ROOT.resolve("standalone/pom.xml").toFile());
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      if (text(p, "artifactId").equals("jib-maven-plugin")) {
        return (Element) p.getElementsByTagName("configuration").item(0);
      }
    }
    throw new AssertionError("no jib-maven-plugin in standalone/pom.xml");
  }

  private static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  private static List<String> texts(Element e, String tag) {
    List<String> out = new ArrayList<>();
    NodeList l = e.getElementsByTagName(tag);
    for (int i = 0; i < l.getLength(); i++) {
      out.add(l.item(i).getTextContent().trim());
    }
    return out;
  }

  @Test
  void composeRunsTheDockerfilesHealthCheck() throws Exception {
    JsonNode compose = new YAMLMapper().readTree(ROOT.resolve("docker/compose.yaml").toFile());
    JsonNode hc = compose.path("services").path("cio-fake").path("healthcheck");
    List<String> test = strings(hc.path("test"));

    assertThat(test.get(0)).isEqualTo("CMD");
    assertThat(test.subList(1, test.size())).isEqualTo(healthCheck());
    assertThat(healthCheck()).contains("/app/classes:/app/libs/*", "dev.ciofake.cli.HealthProbe");
    assertThat(dockerfile()).contains("--interval=" + hc.path("interval").asText(),
        "--timeout=" + hc.path("timeout").asText(), "--retries=" + hc.path("retries").asText(),
        "--start-period=" + hc.path("start_period").asText());
  }

  @Test
  void bothImagesHaveTheSameLayoutPortsUserFlagsAndName() throws Exception {
    Element jib = jib();
    String df = dockerfile();
    Matcher entry = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(df);
    assertThat(entry.find()).isTrue();
    List<String> entrypoint = strings(JSON.readTree(entry.group(1)));

    assertThat(entrypoint).containsSubsequence(texts(jib, "jvmFlag"));
    assertThat(entrypoint).endsWith("-cp", "/app/classes:/app/libs/*", text(jib, "mainClass"));
    assertThat(df).contains("COPY standalone/target/cio-fake.jar /app/libs/cio-fake.jar");
    assertThat(df).containsPattern("(?m)^EXPOSE " + String.join(" ", texts(jib, "port")) + "$");
    assertThat(df).contains("USER " + text(jib, "user"));
    String image = text((Element) jib.getElementsByTagName("to").item(0), "image").replaceFirst(":.*", "");
    JsonNode compose = new YAMLMapper().readTree(ROOT.resolve("docker/compose.yaml").toFile());
    assertThat(compose.path("services").path("cio-fake").path("image").asText()).isEqualTo(image + ":latest");
    assertThat(df).contains("-t " + image + ":latest");
  }
}
