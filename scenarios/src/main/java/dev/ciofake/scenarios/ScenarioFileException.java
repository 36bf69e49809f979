package dev.ciofake.scenarios;

import java.util.List;

/**
 * A scenario file that cannot be run: unreadable, not YAML, or not a valid scenario. Each problem names the line and
 * column it is at, so the message reads like a compiler's: {@code suites/x.yaml:12:7: timeline[2].chaos.effect.type
 * must be one of ...}.
 */
public final class ScenarioFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /** One problem: where (1-based line and column; 0 when unknown) and what. */
  public record Problem(int line, int column, String message) {
    /** {@code file:line:column: message}, or {@code file: message} without a position. */
    public String format(String file) {
      return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
  }

  private final String file;
  private final List<Problem> problems;

  public ScenarioFileException(String file, List<Problem> problems) {
    super(format(file, problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public ScenarioFileException(String file, int line, int column, String message) {
    this(file, List.of(new Problem(line, column, message)));
  }

  /** The file as the user named it. */
  public String file() {
    return file;
  }

  /** Every problem found, in file order. */
  public List<Problem> problems() {
    return problems;
  }

  private static String format(String file, List<Problem> problems) {
    StringBuilder sb = new StringBuilder();
    for (Problem p : problems) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(p.format(file));
    }
    return sb.toString();
  }
}
