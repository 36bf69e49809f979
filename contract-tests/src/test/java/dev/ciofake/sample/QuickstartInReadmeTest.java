package dev.ciofake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java quickstart is the code of {@link SignupServiceTest} and {@link SignupService}, as it is. */
class QuickstartInReadmeTest {
  private static final Path SAMPLE = Path.of("src/test/java/dev/ciofake/sample");

  private static List<String> javaBlocksOfQuickstart() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Java quickstart\n");
    assertThat(start).as("README has a Java quickstart section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> blocks = new ArrayList<>();
    for (int i = section.indexOf("```java\n"); i >= 0; i = section.indexOf("```java\n", i + 1)) {
      int from = i + "```java\n".length();
      blocks.add(section.substring(from, section.indexOf("```\n", from)));
    }
    return blocks;
  }

  @Test
  void theQuickstartTestIsSignupServiceTestAsItIs() throws IOException {
    String source = Files.readString(SAMPLE.resolve("SignupServiceTest.java"), StandardCharsets.UTF_8);
    String withoutPackage = source.substring(source.indexOf("\n\n") + 2);

    assertThat(javaBlocksOfQuickstart()).first().isEqualTo(withoutPackage);
  }

  @Test
  void theServiceExcerptIsPartOfSignupService() throws IOException {
    String source = Files.readString(SAMPLE.resolve("SignupService.java"), StandardCharsets.UTF_8);

    List<String> blocks = javaBlocksOfQuickstart();
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
    assertThat(source).contains(blocks.get(1));
    assertThat(blocks.get(1)).contains("public CompletableFuture<Void> signUp(");
  }

  @Test
  void thePipelinesQuickstartIsPipelinesSignupServiceTestAsItIs() throws IOException {
    String source = Files.readString(SAMPLE.resolve("PipelinesSignupServiceTest.java"), StandardCharsets.UTF_8);
    String withoutPackage = source.substring(source.indexOf("\n\n") + 2);

    assertThat(javaBlocksOfQuickstart()).contains(withoutPackage);
    assertThat(Files.readString(SAMPLE.resolve("PipelinesSignupService.java"), StandardCharsets.UTF_8))
        .contains(javaBlocksOfQuickstart().stream().filter(b -> b.contains("String batch = ")).findFirst()
            .orElseThrow(() -> new AssertionError("README shows the batch of PipelinesSignupService")));
  }
}
