package dev.lineage.schemas;

/**
 * A well-formed record of another type than the one expected: an envelope whose payloadType is not
 * the expected event's, or a payload written with another record's schema.
 */
public final class TypeMismatchException extends DecodingException {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  public TypeMismatchException(String expected, String actual) {
    super("expected " + expected + " but found " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** The payload type or schema full name that was expected. */
  public String expected() {
    return expected;
  }

  /** The payload type or schema full name that was found. */
  public String actual() {
    return actual;
  }

  @Override
  public Reason reason() {
    return Reason.TYPE_MISMATCH;
  }
}
