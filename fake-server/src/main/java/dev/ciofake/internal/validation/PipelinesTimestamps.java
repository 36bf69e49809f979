package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reading Pipelines timestamps: ISO-8601 date-times with an offset (or without one, read as UTC). */
public final class PipelinesTimestamps {
  private PipelinesTimestamps() {}

  /** The instant of an ISO-8601 date-time string, or {@code null} when the value is not one. */
  public static Instant parse(JsonNode v) {
    if (v == null || !v.isTextual()) {
      return null;
    }
    String s = v.textValue().trim();
    if (s.length() < 10 || s.length() > 40 || !Character.isDigit(s.charAt(0))) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        return null;
      }
    }
  }

  /** Unix seconds of a usable timestamp, or {@code null} (the service then uses the time it received the call). */
  public static Long seconds(JsonNode v) {
    Instant at = parse(v);
    return at == null ? null : at.getEpochSecond();
  }
}
