package dev.lineage.schemas;

/** The bytes are not a well-formed record: wrong header, truncated, oversized or corrupt body. */
public final class MalformedRecordException extends DecodingException {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public Reason reason() {
    return Reason.MALFORMED;
  }
}
