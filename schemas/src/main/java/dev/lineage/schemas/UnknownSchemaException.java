package dev.lineage.schemas;

/**
 * The header is well formed but names a writer schema this build does not know: written by a newer,
 * unreleased or foreign schema. Distinct from {@link MalformedRecordException} because upgrading
 * the reader fixes it.
 */
public final class UnknownSchemaException extends DecodingException {
  private static final long serialVersionUID = 1L;

  private final long fingerprint;

  public UnknownSchemaException(long fingerprint) {
    super("no known schema has fingerprint " + hex(fingerprint));
    this.fingerprint = fingerprint;
  }

  /** The CRC-64-AVRO fingerprint found in the header. */
  public long fingerprint() {
    return fingerprint;
  }

  /** The fingerprint as 16 hex digits, in header byte order (little-endian), as tools print it. */
  public String fingerprintHex() {
    return hex(fingerprint);
  }

  static String hex(long fingerprint) {
    return String.format("%016x", Long.reverseBytes(fingerprint));
  }

  @Override
  public Reason reason() {
    return Reason.UNKNOWN_SCHEMA;
  }
}
