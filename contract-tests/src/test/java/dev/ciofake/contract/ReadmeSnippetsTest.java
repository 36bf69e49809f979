package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFakeServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use from any language" snippets are files under docs/snippets, shown verbatim in the README; the
 * Node one runs here against the fake with the real customerio-node client (contract-tests/node, installed by
 * {@code npm ci}). The Python one is not run: PyPI is not reachable from this project's CI.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theReadmeShowsEachSnippetFileVerbatim() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (String f : new String[] {"node-quickstart.js", "python_quickstart.py"}) {
      String snippet = Files.readString(ROOT.resolve("docs/snippets").resolve(f));
      assertThat(readme).as("README shows docs/snippets/%s as it is", f).contains(snippet);
    }
  }

  @Test
  void theNodeSnippetRunsAgainstTheFakeWithoutAnyPitfall() throws Exception {
    Path project = NodeProject.require();

    try (CioFakeServer cio = CioFakeServer.start()) {
      ProcessBuilder pb = new ProcessBuilder(NodeProject.node(), ROOT.resolve("docs/snippets/node-quickstart.js").toString())
          .redirectErrorStream(true);
      pb.environment().put("CIO_FAKE_URL", cio.baseUrl());
      pb.environment().put("NODE_PATH", project.resolve("node_modules").toString());
      Process p = pb.start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the snippet finished").isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.exitValue()).as("exit code; output: %s", out).isZero();

      JsonNode result = new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
      assertThat(result.get("delivery_id").asText()).hasSize(28);
      assertThat(result.get("pitfalls")).isEmpty();
      assertThat(cio.fake().person("42")).hasValueSatisfying(person -> assertThat(person.email())
          .isEqualTo("ada@example.com"));
      assertThat(cio.fake().events()).extracting(e -> e.name()).containsExactly("signed_up");
      assertThat(cio.fake().deliveries()).singleElement().satisfies(d -> assertThat(d.recipient())
          .isEqualTo("ada@example.com"));
    }
  }
}
