package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.state.PersonRef;
import java.util.regex.Pattern;

/**
 * The identifier rules of docs/customerio-facts.md 1.3 for the {@code {identifier}} path parameter: not empty, at
 * most 150 bytes, {@code cio_} ids of letters and digits, and (for identify) a body {@code id} equal to an
 * id in the path. The mismatch message is the real one: {@code id attribute and identifier are not the same value}.
 */
public final class PersonIdentifierRule implements Rule {
  public static final int MAX_ID_BYTES = 150;
  private static final Pattern CIO_ID = Pattern.compile("[a-zA-Z0-9]+");

  private final boolean compareBodyId;

  private PersonIdentifierRule(boolean compareBodyId) {
    this.compareBodyId = compareBodyId;
  }

  /** Checks the path identifier only. */
  public static PersonIdentifierRule path() {
    return new PersonIdentifierRule(false);
  }

  /** Checks the path identifier and that a body {@code id} agrees with it (identify). */
  public static PersonIdentifierRule pathAndBody() {
    return new PersonIdentifierRule(true);
  }

  @Override
  public void check(RuleInput in) {
    String identifier = in.pathParam("identifier");
    if (identifier == null) {
      return;
    }
    if (identifier.isBlank()) {
      in.addViolation(Violation.of("identifier", "identifier", identifier, "identifier cannot be blank"));
      return;
    }
    if (Json.utf8Length(identifier) > MAX_ID_BYTES) {
      in.addViolation(Violation.of("limit", "identifier", identifier,
          "identifier cannot be longer than " + MAX_ID_BYTES + " bytes"));
      return;
    }
    NearLimit.check(in, "identifier", Json.utf8Length(identifier), MAX_ID_BYTES, "bytes", "identifier");
    boolean emails = in.settings().emailIdentifiers();
    PersonRef ref = PersonRef.fromPath(identifier, emails);
    if (ref.type().equals(PersonRef.CIO_ID) && !CIO_ID.matcher(ref.value()).matches()) {
      in.addViolation(Violation.of("identifier", "identifier", identifier, "identifier '" + identifier
          + "' starts with cio_ but is not a valid cio_id (letters and digits after the prefix)"));
      return;
    }
    if (!compareBodyId || in.body() == null) {
      return;
    }
    JsonNode bodyId = in.body().get("id");
    if (bodyId != null && !bodyId.isNull() && bodyId.isValueNode()) {
      if (Json.utf8Length(bodyId.asText()) > MAX_ID_BYTES) {
        in.addViolation(Violation.of("limit", "id", bodyId.asText(),
            "id cannot be longer than " + MAX_ID_BYTES + " bytes"));
      } else if (ref.type().equals(PersonRef.ID) && !bodyId.asText().equals(ref.value())) {
        in.addViolation(Violation.of("identifier", "id", bodyId.asText(),
            "id attribute and identifier are not the same value"));
      }
    }
  }
}
