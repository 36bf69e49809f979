package dev.ciofake.internal.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.validation.NearLimit;
import dev.ciofake.internal.validation.Rule;
import dev.ciofake.internal.validation.RuleInput;
import dev.ciofake.internal.validation.Timestamps;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a transactional send (docs/customerio-facts.md 3.2): a message id (number or trigger name), exactly one
 * identifier, {@code to} for email, {@code send_at} in seconds and at most 90 days ahead, attachments under 2 MB
 * (413), at most 15 email recipients.
 */
final class TransactionalRules implements Rule {
  static final long MAX_SEND_AHEAD_SECONDS = 90L * 24 * 3600;
  static final int MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
  private static final Set<String> IDENTIFIER_KEYS = Set.of("id", "email", "cio_id");

  private final String channel;

  TransactionalRules(String channel) {
    this.channel = channel;
  }

  @Override
  public void check(RuleInput in) {
    JsonNode b = in.body();
    JsonNode tmid = b.get("transactional_message_id");
    boolean inlineEmail = channel.equals("email") && b.hasNonNull("body") && b.hasNonNull("subject")
        && b.hasNonNull("from");
    if (tmid == null || tmid.isNull()) {
      if (!inlineEmail) {
        in.addViolation(Violation.of("schema", "transactional_message_id", null, channel.equals("email")
            ? "transactional_message_id is required (or send body, subject and from for a message without a template)"
            : "transactional_message_id is required"));
      }
    } else if (!(tmid.isIntegralNumber() && tmid.asLong() > 0) && !(tmid.isTextual() && !tmid.asText().isBlank())) {
      in.addViolation(Violation.of("schema", "transactional_message_id", tmid,
          "transactional_message_id must be a positive number or a trigger name string"));
    }
    JsonNode ids = b.get("identifiers");
    if (ids == null || !ids.isObject()) {
      in.addViolation(Violation.of("identifier", "identifiers", null,
          "identifiers is required: an object with exactly one of id, email or cio_id"));
    } else {
      int n = 0;
      for (Iterator<String> it = ids.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!IDENTIFIER_KEYS.contains(k)) {
          in.addViolation(Violation.of("identifier", "identifiers." + k, null,
              "identifiers may contain only one of id, email or cio_id, not '" + k + "'"));
        }
        JsonNode v = ids.get(k);
        if (v == null || v.isNull() || v.asText().isBlank() || !(v.isTextual() || v.isIntegralNumber())) {
          in.addViolation(Violation.of("identifier", "identifiers." + k, v, "identifiers." + k + " must not be empty"));
        }
        n++;
      }
      if (n != 1) {
        in.addViolation(Violation.of("identifier", "identifiers", ids,
            "identifiers must contain exactly one of id, email or cio_id, got " + n));
      }
    }
    if (channel.equals("email")) {
      JsonNode to = b.get("to");
      if (to == null || !to.isTextual() || to.asText().isBlank()) {
        in.addViolation(Violation.of("schema", "to", to, "to is required: the recipient's email address"));
      } else {
        int recipients = count(to) + count(b.get("cc")) + count(b.get("bcc"));
        if (recipients > 15) {
          in.addViolation(Violation.of("constraint", "to", recipients,
              "at most 15 recipients are allowed across to, cc and bcc, got " + recipients));
        }
      }
    }
    for (String objectField : new String[] {"message_data", "headers", "attachments", "custom_device"}) {
      JsonNode v = b.get(objectField);
      if (v == null || v.isNull() || v.isObject()) {
        continue;
      }
      if (objectField.equals("headers") && v.isTextual()) {
        // the document types headers as {"type":"string","format":"json"}; its example and the Node client send an
        // object: both are accepted, a string only when it holds a JSON object
        if (!jsonObjectText(v.textValue())) {
          in.addViolation(Violation.of("schema", "headers", v, "headers must be an object, or a string that holds a"
              + " JSON object of header names and values"));
        }
        continue;
      }
      in.addViolation(Violation.of("schema", objectField, v, objectField + " must be an object"));
    }
    JsonNode sendAt = b.get("send_at");
    if (sendAt != null && !sendAt.isNull()) {
      Long at = Timestamps.asLong(sendAt);
      if (at == null || !sendAt.isIntegralNumber()) {
        in.addViolation(Violation.of("schema", "send_at", sendAt, "send_at must be a Unix timestamp in seconds"));
      } else if (Timestamps.finerUnit(sendAt) == null) {
        long now = in.receivedAtMillis() / 1000;
        if (at > now + MAX_SEND_AHEAD_SECONDS) {
          in.addViolation(Violation.of("constraint", "send_at", at,
              "send_at cannot be more than 90 days in the future (" + (now + MAX_SEND_AHEAD_SECONDS) + ")"));
        }
      }
    }
    JsonNode attachments = b.get("attachments");
    if (attachments != null && attachments.isObject()) {
      long total = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = attachments.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          in.addViolation(Violation.of("schema", "attachments." + e.getKey(), null,
              "attachments." + e.getKey() + " must be the file's content in base64"));
          continue;
        }
        total += e.getValue().textValue().length() * 3L / 4;
      }
      NearLimit.check(in, "attachments", total, MAX_ATTACHMENT_BYTES, "bytes", "attachments");
      if (total >= MAX_ATTACHMENT_BYTES) {
        in.addViolation(Violation.of("limit", "attachments", total + " bytes", "attachments total " + total
            + " bytes; they must total less than 2 MB").withStatus(413));
      }
    }
  }

  private static int count(JsonNode addresses) {
    if (addresses == null || !addresses.isTextual() || addresses.asText().isBlank()) {
      return 0;
    }
    return addresses.asText().split(",").length;
  }

  private static boolean jsonObjectText(String text) {
    try {
      return dev.ciofake.internal.util.Json.MAPPER.readTree(text).isObject();
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
