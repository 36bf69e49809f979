package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.Json;

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

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("seq", seq);
    n.put("id", eventId);
    n.put("name", name);
    n.put("type", type);
    n.put("person_id", personId);
    n.put("person_cio_id", personCioId);
    n.put("anonymous_id", anonymousId);
    n.set("data", data == null ? Json.object() : data.deepCopy());
    if (timestamp == null) {
      n.putNull("timestamp");
    } else {
      n.put("timestamp", timestamp);
    }
    n.put("received_at", receivedAt);
    n.put("request_id", requestId);
    return n;
  }
}
