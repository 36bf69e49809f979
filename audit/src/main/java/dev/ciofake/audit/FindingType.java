package dev.ciofake.audit;

import dev.ciofake.Severity;

/**
 * One kind of finding of the audit: a stable id (the run-time pitfall id where the mistake is the same, so a team
 * sees one catalog), its severity, a one-line title, the fix, and whether the running fake catches it too.
 *
 * @param id stable kebab-case id, public API
 * @param severity how bad it is; the score and {@code --fail-on} read it
 * @param title one line: what is wrong
 * @param fix what to do instead
 * @param runtime true when the fake also records this id as a pitfall at run time
 */
public record FindingType(String id, Severity severity, String title, String fix, boolean runtime) {
  /** Where {@code docs/audit.md} documents it. */
  public String docsAnchor() {
    return "docs/audit.md#" + id;
  }
}
