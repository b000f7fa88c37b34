package dev.lineage.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that cannot be turned into the expected record. Each subclass names one rejection reason,
 * so a consumer routes the record to the rejected topic without inspecting messages.
 *
 * <p>Messages carry sizes, offsets and fingerprints only, never field contents: the bytes come from
 * outside and may hold anything.
 */
public abstract class DecodingException extends SerializationException {
  private static final long serialVersionUID = 1L;

  DecodingException(String message) {
    super(message);
  }

  DecodingException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The rejection reason of the design ({@code malformed}, {@code unknown-schema}, ...). */
  public abstract Reason reason();
}
