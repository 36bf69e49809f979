package dev.ciofake.internal.state;

/**
 * How a request addresses a person: by {@code id}, {@code email} or {@code cio_id}.
 *
 * @param type {@code id}, {@code email} or {@code cio_id}
 * @param value the identifier, decoded, without the {@code cio_} prefix for cio ids
 */
public record PersonRef(String type, String value) {
  public static final String ID = "id";
  public static final String EMAIL = "email";
  public static final String CIO_ID = "cio_id";
  /** Track v2 only, E.164 ({@code +15551234567}). */
  public static final String PHONE = "phone";

  /**
   * Reads a Track v1 path identifier the way the real service does: {@code cio_<x>} is a cio_id, a value
   * with an {@code @} is an email (when the workspace allows email identifiers), anything else is an id.
   */
  public static PersonRef fromPath(String identifier, boolean emailIdentifiers) {
    if (identifier.startsWith("cio_")) {
      return new PersonRef(CIO_ID, identifier.substring(4));
    }
    if (emailIdentifiers && identifier.indexOf('@') > 0) {
      return new PersonRef(EMAIL, identifier);
    }
    return new PersonRef(ID, identifier);
  }

  /** The form used in messages: {@code id "42"}, {@code email "a@b.c"}, {@code cio_id "03000001"}. */
  public String describe() {
    return type + " \"" + value + "\"";
  }
}
