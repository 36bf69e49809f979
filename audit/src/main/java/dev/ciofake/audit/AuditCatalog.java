package dev.ciofake.audit;

import dev.ciofake.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every finding id the audit reports. Ids shared with the run-time fake keep its id and severity (a test checks them
 * against the fake's catalog); the static-only ones are new ids. {@code docs/audit.md} documents each.
 */
public final class AuditCatalog {
  private AuditCatalog() {}

  /** The Track/App/Pipelines timestamp fields get milliseconds. */
  public static final FindingType MILLISECOND_TIMESTAMP = new FindingType("millisecond-timestamp", Severity.ERROR,
      "A millisecond value goes into a Customer.io timestamp field",
      "Customer.io timestamps are Unix seconds: Math.floor(Date.now() / 1000) in JavaScript, "
          + "Instant.now().getEpochSecond() in Java; the Pipelines API's timestamp is a Date or an ISO 8601 string.",
      true);
  /** An event is tracked for a person before the identify of the same flow. */
  public static final FindingType TRACK_BEFORE_IDENTIFY = new FindingType("track-before-identify", Severity.ERROR,
      "An event is tracked before the person is identified",
      "Identify the person (with at least their email) before the first event you track for them, in the same flow.",
      true);
  /** A Customer.io (or HTTP) client is built per request, per call or per loop iteration. */
  public static final FindingType NO_CONNECTION_REUSE = new FindingType("no-connection-reuse", Severity.WARNING,
      "A client is built for every request",
      "Create one client (TrackClient, java.net.http.HttpClient, OkHttpClient, RestClient, WebClient) at start-up "
          + "and reuse it; a client per call pays a TCP and TLS handshake each time and runs out of sockets.",
      true);
  /** Event names embed values. */
  public static final FindingType DYNAMIC_EVENT_NAME = new FindingType("dynamic-event-name", Severity.ERROR,
      "An event name embeds a value",
      "Keep event names a fixed, small set (product_viewed) and put the varying part in the event data.", true);
  /** Event names are not in one casing, or one name is spelled two ways. */
  public static final FindingType INCONSISTENT_EVENT_NAME = new FindingType("inconsistent-event-name",
      Severity.WARNING, "Event names are not consistently cased",
      "Name events in snake_case (order_completed) from constants in one place; campaigns and segments match names "
          + "exactly.", true);
  /** Personal data in an event, attribute or segment name. */
  public static final FindingType PII_IN_NAME = new FindingType("pii-in-name", Severity.ERROR,
      "Personal data in a name",
      "Keep names generic (email_verified) and put personal data in attribute or event data values.", true);
  /** A marketing email template has no unsubscribe link. */
  public static final FindingType MISSING_UNSUBSCRIBE_LINK = new FindingType("missing-unsubscribe-link",
      Severity.WARNING, "A marketing email template has no unsubscribe link",
      "Put <a href=\"{{{ unsubscribe_url }}}\">Unsubscribe</a> in every marketing template; mark a purely "
          + "transactional template with a cio-audit: transactional comment.", true);
  /** Customer.io credentials in the repository. */
  public static final FindingType HARDCODED_CREDENTIALS = new FindingType("hardcoded-credentials", Severity.ERROR,
      "A Customer.io credential is written into the repository",
      "Read site ids and keys from the environment or a secret store, keep .env files out of the repository "
          + "(.gitignore), and rotate the key: it is in the history.", false);
  /** A Customer.io call awaited in a request handler before the response. */
  public static final FindingType BLOCKING_ANALYTICS_CALL = new FindingType("blocking-analytics-call",
      Severity.WARNING, "A request waits for Customer.io before it answers",
      "Answer first: send Customer.io calls without awaiting them (with a .catch) or through a queue, so a slow or "
          + "failing Customer.io never slows or fails your endpoint.", false);
  /** A campaign triggered by every identify or attribute update. */
  public static final FindingType CAMPAIGN_TRIGGER_ON_IDENTIFY = new FindingType("campaign-trigger-on-identify",
      Severity.ERROR, "A campaign is triggered by every identify or attribute update",
      "Trigger campaigns on a specific event (signed_up) or on a change of one named attribute; a trigger on every "
          + "identify sends the campaign again on each profile update.", false);
  /** An audit suppression comment without a reason. */
  public static final FindingType SUPPRESSION_WITHOUT_REASON = new FindingType("suppression-without-reason",
      Severity.WARNING, "A suppression comment gives no reason",
      "Write why the finding does not apply after -- (cio-audit-ignore <id> -- <reason>); a suppression without a "
          + "reason suppresses nothing.", false);

  private static final Map<String, FindingType> BY_ID = new LinkedHashMap<>();

  static {
    for (FindingType t : List.of(MILLISECOND_TIMESTAMP, TRACK_BEFORE_IDENTIFY, NO_CONNECTION_REUSE,
        DYNAMIC_EVENT_NAME, INCONSISTENT_EVENT_NAME, PII_IN_NAME, MISSING_UNSUBSCRIBE_LINK, HARDCODED_CREDENTIALS,
        BLOCKING_ANALYTICS_CALL, CAMPAIGN_TRIGGER_ON_IDENTIFY, SUPPRESSION_WITHOUT_REASON)) {
      BY_ID.put(t.id(), t);
    }
  }

  /** Every finding type, in catalog order. */
  public static List<FindingType> all() {
    return List.copyOf(BY_ID.values());
  }

  /** The type of an id, or null. */
  public static FindingType byId(String id) {
    return BY_ID.get(id);
  }
}
