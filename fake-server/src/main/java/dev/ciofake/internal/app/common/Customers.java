package dev.ciofake.internal.app.common;

import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.validation.RuleInput;
import java.util.Set;

/**
 * How App API paths name a person: {@code {customer_id}} with {@code id_type} {@code id} (the default), {@code email}
 * or {@code cio_id}; {@code phone} only where a workspace enables it, which the fake's workspaces do not
 * (docs/app-api-facts.md section 1).
 */
public final class Customers {
  private static final Set<String> ID_TYPES = Set.of("id", "email", "cio_id");

  private Customers() {}

  /** The rule of an endpoint that takes {@code id_type}: one of id, email, cio_id (email only when enabled). */
  public static void idTypeRule(RuleInput in) {
    String idType = in.query().get("id_type");
    if (idType == null || idType.isEmpty()) {
      return;
    }
    if (!ID_TYPES.contains(idType)) {
      in.addViolation(Violation.of("parameter", "id_type", idType, "id_type must be one of id, email, cio_id"
          + (idType.equals("phone") ? " (phone is not enabled as an identifier in this workspace)" : "")
          + ", got " + idType));
    } else if (idType.equals("email") && !in.settings().emailIdentifiers()) {
      in.addViolation(Violation.of("parameter", "id_type", idType,
          "id_type email is not enabled as an identifier in this workspace"));
    }
  }

  /** The person the path parameter names under the request's {@code id_type}. */
  public static PersonRef ref(Exchange ex, String param) {
    String idType = ex.request().query().getOrDefault("id_type", "id");
    String v = ex.pathParam(param);
    if (idType.isEmpty()) {
      idType = "id";
    }
    return new PersonRef(idType, idType.equals("cio_id") && v.startsWith("cio_") ? v.substring(4) : v);
  }

  /** The 404 of a person the workspace does not have. */
  public static RuntimeException notFound(Exchange ex, String param) {
    return new dev.ciofake.internal.state.StateRejection(param, "not found: no customer " + ex.pathParam(param)
        + " in this workspace", 404);
  }
}
