package dev.lineage.openlineage.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lineage.openlineage.MalformedEventException;
import dev.lineage.openlineage.RawEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two ways OpenLineage events arrive, read into {@link RawEvent}s that keep each event's exact
 * bytes:
 *
 * <ul>
 *   <li>a Kafka record as the OpenLineage Java client's Kafka transport writes it: value = the
 *       event as UTF-8 JSON, key = {@code run:{namespace}/{job}} or a configured key or none, no
 *       headers;
 *   <li>the body of {@code POST /api/v1/lineage} (Marquez's path): one event, or a JSON array of
 *       events. Each element of an array keeps the exact bytes it had inside the body.
 * </ul>
 *
 * Pure functions; validation is {@code OpenLineageValidator}'s job, not this class's.
 */
public final class OpenLineageTransport {
  private static final JsonFactory FACTORY = new JsonFactory();

  private OpenLineageTransport() {}

  /**
   * Reads one record of an OpenLineage topic.
   *
   * @throws MalformedEventException when the value is missing (a tombstone) or not one JSON object
   */
  public static KafkaEvent fromKafkaRecord(String key, byte[] value) {
    if (value == null) {
      throw new MalformedEventException("the record has no value (a tombstone): no event");
    }
    return new KafkaEvent(TransportKey.of(key), RawEvent.of(value));
  }

  /**
   * Reads an HTTP body: one event, or an array of events (possibly empty).
   *
   * @throws MalformedEventException when the body is not JSON, or is neither an object nor an array
   *     of objects; the message names the offending element
   */
  public static List<RawEvent> fromHttpBody(byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedEventException("the body is empty: send one event or an array of events");
    }
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        return List.of(RawEvent.of(body));
      }
      if (first != JsonToken.START_ARRAY) {
        throw new MalformedEventException(
            "the body is "
                + (first == null ? "empty" : "a JSON " + describe(first))
                + ": send one event (an object) or an array of events");
      }
      List<RawEvent> events = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == null) {
          throw new MalformedEventException("the body's array is not closed");
        }
        int index = events.size();
        if (t != JsonToken.START_OBJECT) {
          throw new MalformedEventException(
              "element ["
                  + index
                  + "] is a JSON "
                  + describe(t)
                  + ": an OpenLineage event is a JSON object");
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        try {
          events.add(RawEvent.of(Arrays.copyOfRange(body, start, end)));
        } catch (MalformedEventException e) {
          throw new MalformedEventException("element [" + index + "]: " + e.getMessage(), e);
        }
      }
      if (p.nextToken() != null) {
        throw new MalformedEventException("the body has content after its array");
      }
      return List.copyOf(events);
    } catch (JsonParseException e) {
      throw new MalformedEventException("the body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("the body is not JSON: " + e.getMessage(), e);
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.name().toLowerCase();
    };
  }
}
