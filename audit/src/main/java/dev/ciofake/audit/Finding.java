package dev.ciofake.audit;

import dev.ciofake.Severity;

/**
 * One finding: a {@link FindingType} at a place of a file, with a message about this occurrence. Never carries a
 * secret: credential findings name the key and show it masked.
 *
 * @param type what kind of mistake
 * @param file path as reported: relative to the working directory when under it, with {@code /} separators
 * @param line 1-based line
 * @param column 1-based column (1 when unknown)
 * @param message this occurrence, in one sentence
 * @param analyzer which part of the audit found it ({@code eslint}, {@code java}, {@code credentials},
 *     {@code templates}, {@code campaigns}, {@code audit})
 * @param anchor what the baseline fingerprint is computed from (the line's text, or a masked description)
 */
public record Finding(FindingType type, String file, int line, int column, String message, String analyzer,
    String anchor) {
  /** The finding's id. */
  public String id() {
    return type.id();
  }

  /** The finding's severity. */
  public Severity severity() {
    return type.severity();
  }
}
