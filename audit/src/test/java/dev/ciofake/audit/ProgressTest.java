package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large tree gets a progress line; a small one stays quiet in auto mode. */
class ProgressTest {
  @Test
  void plainProgressOnALargeTree(@TempDir Path tmp) throws Exception {
    for (int i = 0; i < 1200; i++) {
      Files.writeString(tmp.resolve("f" + i + ".md"), "# note " + i + "\n");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress p = new Progress(Progress.Mode.PLAIN, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      Auditor.run(Fixtures.options(tmp), p);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("cio-fake audit: done 1200/1200 files");
  }

  @Test
  void autoIsQuietOnASmallTree(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("a.md"), "x\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress p = new Progress(Progress.Mode.AUTO, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      Auditor.run(Fixtures.options(tmp), p);
    }
    assertThat(bytes.size()).isZero();
  }
}
