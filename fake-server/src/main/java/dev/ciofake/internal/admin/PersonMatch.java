package dev.ciofake.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.journal.JournalEntry;
import dev.ciofake.internal.util.PercentDecoding;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Which requests, pitfalls, deliveries and webhook events are about one person: those that name one of the person's
 * identifiers (id, email, {@code cio_id}, an anonymous id) where a request names a person: a path segment
 * ({@code /customers/{id}}), or an identifier field of the body ({@code id}, {@code email}, {@code userId},
 * {@code anonymousId}, {@code identifiers.*}, {@code primary}/{@code secondary} of a merge, the calls of a batch).
 * Matching is exact; the body walk is bounded, so a large batch costs a bounded amount.
 */
final class PersonMatch {
  /** The body fields that name a person, in every API's spelling. */
  static final Set<String> IDENTIFIER_FIELDS = Set.of("id", "email", "cio_id", "userId", "user_id", "anonymousId",
      "anonymous_id", "previousId", "customer_id", "email_address");
  /** Path segments that are the APIs' own words, never a person (a person whose id is "v1" is not in every path). */
  private static final Set<String> PATH_WORDS = Set.of("api", "v1", "v2", "customers", "events", "devices");
  private static final int MAX_NODES = 5000;
  private static final int MAX_DEPTH = 6;

  private final Set<String> identifiers;

  private PersonMatch(Set<String> identifiers) {
    this.identifiers = identifiers;
  }

  /** The identifiers of a person as the admin API renders it ({@link AdminViews#person}). */
  static PersonMatch of(ObjectNode person) {
    Set<String> ids = new HashSet<>();
    for (String f : new String[] {"id", "email", "cio_id"}) {
      JsonNode v = person.get(f);
      if (v != null && !v.isNull() && !v.asText().isEmpty()) {
        ids.add(v.asText());
      }
    }
    person.path("anonymous_ids").forEach(a -> ids.add(a.asText()));
    return new PersonMatch(Set.copyOf(ids));
  }

  /** A person the workspace does not know (yet): only the value itself. */
  static PersonMatch ofValue(String value) {
    return new PersonMatch(Set.of(value));
  }

  boolean isIdentifier(String value) {
    return value != null && identifiers.contains(value);
  }

  /** Whether this journalled request named the person in its path or body. */
  boolean touches(JournalEntry e) {
    String path = e.path();
    if (path != null) {
      for (String segment : path.split("/")) {
        if (!segment.isEmpty() && !PATH_WORDS.contains(segment) && isIdentifier(decoded(segment))) {
          return true;
        }
      }
    }
    return e.body() != null && names(e.body(), 0, new int[] {0});
  }

  private static String decoded(String segment) {
    try {
      return PercentDecoding.decodePath(segment);
    } catch (PercentDecoding.MalformedEscapeException bad) {
      return segment;
    }
  }

  private boolean names(JsonNode n, int depth, int[] seen) {
    if (depth > MAX_DEPTH || ++seen[0] > MAX_NODES) {
      return false;
    }
    if (n.isArray()) {
      for (JsonNode c : n) {
        if (names(c, depth + 1, seen)) {
          return true;
        }
      }
      return false;
    }
    if (!n.isObject()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (v.isValueNode()) {
        if (IDENTIFIER_FIELDS.contains(f.getKey()) && isIdentifier(v.asText())) {
          return true;
        }
      } else if (names(v, depth + 1, seen)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the pitfall came from one of the person's requests or names the person in its evidence. */
  boolean touches(Pitfall p, Set<String> requestIds) {
    if (p.requestId() != null && requestIds.contains(p.requestId())) {
      return true;
    }
    for (Object v : p.evidence().values()) {
      if (v instanceof String s && isIdentifier(s)) {
        return true;
      }
      if (v instanceof Collection<?> c) {
        for (Object o : c) {
          if (o instanceof String s && isIdentifier(s)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether a delivery ({@code person}, {@code identifiers}, {@code recipient}) is the person's. */
  boolean touchesDelivery(JsonNode d) {
    JsonNode p = d.path("person");
    return isIdentifier(p.path("cio_id").asText(null)) || isIdentifier(p.path("id").asText(null))
        || isIdentifier(p.path("email").asText(null));
  }

  /** Whether a reporting-webhook event is about the person ({@code data.identifiers}, {@code customer_id}). */
  boolean touchesWebhookEvent(JsonNode event) {
    JsonNode data = event.path("data");
    JsonNode ids = data.path("identifiers");
    return isIdentifier(ids.path("cio_id").asText(null)) || isIdentifier(ids.path("id").asText(null))
        || isIdentifier(data.path("customer_id").asText(null));
  }
}
