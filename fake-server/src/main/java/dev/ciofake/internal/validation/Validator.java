package dev.ciofake.internal.validation;

import java.util.List;

/**
 * The one validation runner: a document's JSON Schema first, then, if the schema accepted it, its rules. The same
 * runner checks a whole request and each operation of a batch.
 */
public final class Validator {
  private final Schemas schemas;

  public Validator(Schemas schemas) {
    this.schemas = schemas;
  }

  /**
   * What validates one document: a schema (classpath location, or {@code null}) and the rules after it.
   *
   * @param firstSchemaErrorOnly report only the schema's first error (in the schema's order), as Track v2 answers
   *     one error per operation
   */
  public record Check(String schema, List<Rule> rules, boolean firstSchemaErrorOnly) {
    /** No schema, no rules. */
    public static final Check NONE = new Check(null, List.of(), false);

    public Check {
      rules = List.copyOf(rules);
    }

    /** A schema and its rules, every schema error reported. */
    public Check(String schema, List<Rule> rules) {
      this(schema, rules, false);
    }
  }

  /** Runs {@code check} over {@code in}; what it finds is in {@link RuleInput#violations()}. */
  public void validate(Check check, RuleInput in) {
    if (in.body() != null && check.schema() != null) {
      schemas.validate(check.schema(), in.body(), check.firstSchemaErrorOnly()).forEach(in::addViolation);
    }
    if (in.rejected()) {
      return;
    }
    for (Rule rule : check.rules()) {
      rule.check(in);
    }
  }
}
