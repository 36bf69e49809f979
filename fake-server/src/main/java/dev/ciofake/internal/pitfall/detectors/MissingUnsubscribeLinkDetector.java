package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code missing-unsubscribe-link}: an email sent with an inline HTML body that has no {@code {{{ unsubscribe_url }}}}
 * (or {@code {% unsubscribe_url %}}) where the message is not marked transactional-only. A transactional send is
 * marked transactional-only unless it says {@code "send_to_unsubscribed": false} (it then respects unsubscribes,
 * which makes it a marketing message); a broadcast is never transactional-only, and is checked when its trigger
 * data carries the HTML body.
 */
public final class MissingUnsubscribeLinkDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.MISSING_UNSUBSCRIBE_LINK,
      Severity.WARNING, "A marketing email has no unsubscribe link",
      "Put {{{ unsubscribe_url }}} (or {% unsubscribe_url %}) in every marketing email body; mark purely "
          + "transactional sends with send_to_unsubscribed: true.");
  private static final Pattern UNSUBSCRIBE = Pattern.compile("\\{\\{\\{?\\s*unsubscribe_url\\s*}}}?|\\{%\\s*unsubscribe_url\\s*%}");
  private static final Pattern HTML = Pattern.compile("<\\s*[a-zA-Z][^>]*>");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    if (ex.body() == null || ex.response() == null || ex.response().status() != 200) {
      return;
    }
    String op = ex.operation();
    JsonNode body;
    if ("send_email".equals(op)) {
      JsonNode s = ex.body().get("send_to_unsubscribed");
      if (s == null || !s.isBoolean() || s.booleanValue()) {
        return;
      }
      body = ex.body().get("body");
    } else if ("trigger_broadcast".equals(op)) {
      body = ex.body().path("data").get("body");
    } else {
      return;
    }
    if (body == null || !body.isTextual() || !HTML.matcher(body.textValue()).find()
        || UNSUBSCRIBE.matcher(body.textValue()).find()) {
      return;
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("operation", op);
    ev.put("body_start", body.textValue().length() > 80 ? body.textValue().substring(0, 80) + "..." : body.textValue());
    recorder.record(DEFINITION, ex, ("send_email".equals(op) ? "email with send_to_unsubscribed: false"
        : "broadcast") + " has an HTML body without {{{ unsubscribe_url }}}", ev);
  }
}
