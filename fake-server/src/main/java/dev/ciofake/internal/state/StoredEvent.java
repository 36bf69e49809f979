package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as stored: identified (with a person) or anonymous (with an {@code anonymous_id}), possibly
 * attached to a person later when an identify carries its {@code anonymous_id}.
 */
public final class StoredEvent {
  final long seq;
  final String requestId;
  final String eventId;
  final String name;
  final String type;
  final String anonymousId;
  final JsonNode data;
  final Long timestamp;
  final long receivedAt;
  volatile String personCioId;
  volatile String personId;

  StoredEvent(long seq, String requestId, String eventId, String name, String type, String anonymousId,
      JsonNode data, Long timestamp, long receivedAt, String personCioId, String personId) {
    this.seq = seq;
    this.requestId = requestId;
    this.eventId = eventId;
    this.name = name;
    this.type = type;
    this.anonymousId = anonymousId;
    this.data = data;
    this.timestamp = timestamp;
    this.receivedAt = receivedAt;
    this.personCioId = personCioId;
    this.personId = personId;
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  public String personId() {
    return personId;
  }

  public String personCioId() {
    return personCioId;
  }

  public String anonymousId() {
    return anonymousId;
  }

  public String eventId() {
    return eventId;
  }

  public JsonNode data() {
    return data;
  }

  public Long timestamp() {
    return timestamp;
  }

  /** Its place in the workspace's sequence of events. */
  public long seq() {
    return seq;
  }

  /** The request that sent it. */
  public String requestId() {
    return requestId;
  }

  /** When the fake received it, in Unix seconds of the fake's clock. */
  public long receivedAt() {
    return receivedAt;
  }
}
