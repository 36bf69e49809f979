package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an accepted operation did to a workspace. Operations emit effects; pitfall detectors read them.
 * New operations add effects here, new detectors read them: neither needs to know the other.
 */
public sealed interface Effect {

  /**
   * A person was created or updated by an identify.
   *
   * @param addressedAs how the request addressed the person: {@code id}, {@code email} or {@code cio_id}
   * @param identifier the value it was addressed with (decoded)
   * @param created whether the person is new
   * @param personId the person's id after the update ({@code null} for email-only people)
   * @param email the person's email attribute after the update, or {@code null}
   * @param attributes the attributes the request sent
   */
  record PersonIdentified(String addressedAs, String identifier, boolean created, String cioId, String personId,
      String email, JsonNode attributes) implements Effect {}

  /**
   * An identify was accepted with 200 but changed nothing, as the real service does (it logs an
   * "Attribute Update Failure" in the activity log).
   */
  record IdentifyIgnored(String addressedAs, String identifier, Reason code, String reason) implements Effect {}

  /** Why an identify was ignored. */
  enum Reason {
    /** Addressed by a cio_id nobody has. */
    UNKNOWN_CIO_ID,
    /** The email in the body belongs to a person with another id. */
    EMAIL_BELONGS_TO_ANOTHER_PERSON,
    /** {@code _update: true} for an unknown person. */
    UPDATE_ONLY_UNKNOWN_PERSON,
    /** The person is suppressed. */
    SUPPRESSED,
    /** {@code _timestamp} older than the person's latest update. */
    STALE_TIMESTAMP,
    /** The id would change, which needs addressing by cio_id. */
    ID_CHANGE_NEEDS_CIO_ID,
    /** The email would change in a way the workspace does not allow, or to another person's email. */
    EMAIL_CHANGE_REFUSED
  }

  /**
   * An event was stored (or dropped as a duplicate of an earlier {@code id}).
   *
   * @param personIdentifiedBefore whether the person had been identified before this event; {@code null}
   *     for anonymous events
   */
  record EventTracked(String name, String type, String addressedAs, String identifier, String anonymousId,
      Boolean personIdentifiedBefore, boolean duplicate, String eventId, Long timestamp, JsonNode data)
      implements Effect {}

  /** A person was deleted, suppressed or unsuppressed. */
  record PersonChanged(String action, String addressedAs, String identifier, boolean found) implements Effect {}

  /** Two people were merged. */
  record PeopleMerged(String primary, String secondary, boolean applied) implements Effect {}

  /**
   * A request was refused with 429.
   *
   * @param newBurst whether it is the first 429 of a burst (none in the window before it)
   */
  record RateLimited(String apiClass, String limit, int retryAfterSeconds, boolean newBurst) implements Effect {}

  /**
   * A client came back before the {@code Retry-After} it was given had passed.
   *
   * @param retryCountHeader the {@code X-Retry-Count} header the request carried (customerio-node sends it), or null
   */
  record RetriedTooSoon(int retryAfterSeconds, long elapsedMillis, String rateLimitedRequestId,
      String retryCountHeader) implements Effect {}

  /**
   * A transactional message was accepted for a person.
   *
   * @param marketing whether it is a marketing message: it respects unsubscribes ({@code send_to_unsubscribed:
   *     false}) or carries an unsubscribe link
   */
  record MessageSent(String channel, String cioId, String email, boolean marketing, String deliveryId)
      implements Effect {}

  /**
   * A call the Pipelines API answered 200 and did not apply (its permissive mode): an oversized request, batch or call,
   * an invalid call, or bad credentials.
   *
   * @param call the call type ({@code identify}, {@code track}, ..., {@code batch}), or {@code null} when unknown
   * @param index its position in a batch, or {@code null} for the whole request
   * @param code the violation code of the first reason ({@code limit}, {@code body-too-large}, {@code schema}, ...)
   * @param reasons what was wrong, as a strict-mode answer would say it
   * @param wholeRequest whether the whole request was dropped (every call in it)
   * @param limitBytes the documented size limit it broke, or {@code null} when it was not dropped for its size
   * @param size its size ({@code "40213 bytes"}), or {@code null}
   */
  record CallDropped(String call, Integer index, String code, java.util.List<String> reasons, boolean wholeRequest,
      Integer limitBytes, String size) implements Effect {}

  /** A broadcast was triggered for these people (those the audience named and the workspace has). */
  record BroadcastTriggered(long triggerId, java.util.List<String> cioIds) implements Effect {}

  /**
   * The App API showed a client a message (a delivery).
   *
   * @param sentAtMillis when the delivery was created, epoch milliseconds of the fake's clock
   * @param type its messageType
   * @param lastMetric the latest metric it had reached ({@code queued} when none)
   * @param outcomeKnown whether it was delivered or failed for good at that read
   * @param single whether the client asked for this one message ({@code getMessage}), not a list
   */
  record MessageRead(String deliveryId, long sentAtMillis, String type, String lastMetric, boolean outcomeKnown,
      boolean single) implements Effect {}

  /**
   * The App API told a client about a job it started and polls (an export, a broadcast trigger, an import).
   *
   * @param resource what was polled ({@code export 3}, {@code trigger 7 of broadcast 12})
   * @param finished whether the job was finished at this read
   */
  record StatusPolled(String resource, boolean finished) implements Effect {}

  /**
   * A client learnt that addresses are on the ESP suppression list: it searched or listed them, or suppressed them
   * itself.
   */
  record SuppressionsSeen(java.util.List<String> emails, String how) implements Effect {}
}
