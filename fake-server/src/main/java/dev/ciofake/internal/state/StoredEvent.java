package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.util.Json;

/**
 * An event as stored: identified (with a person) or anonymous (with an {@code anonymous_id}), possibly
 * attached to a person later when an identify carries its {@code anonymous_id}.
 *
 * <p>Its data is kept as compact JSON bytes, not as the parsed tree: the workspace keeps 20,000 events, which under
 * load turn over in well under a second, so every young collection copies all of them, and a tree is about ten
 * objects for two properties where the bytes are one (docs/performance.md). {@link #data()} parses them again.
 */
public final class StoredEvent {
  final long seq;
  final String requestId;
  final String eventId;
  final String name;
  final String type;
  final String anonymousId;
  /** The data as compact JSON, or {@code null} for none. */
  final byte[] data;
  final Long timestamp;
  final long receivedAt;
  volatile String personCioId;
  volatile String personId;

  StoredEvent(long seq, String requestId, String eventId, String name, String type, String anonymousId,
      byte[] data, Long timestamp, long receivedAt, String personCioId, String personId) {
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

  /** The event's data, a new tree on each call (parsed from the kept bytes), or {@code null} when it had none. */
  public JsonNode data() {
    return data == null ? null : Json.parseKept(data);
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
