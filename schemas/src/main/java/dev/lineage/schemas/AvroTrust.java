package dev.lineage.schemas;

import dev.lineage.avro.Envelope;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 refuses to instantiate classes outside a trusted list ("This class is not trusted").
 * The generated contract classes are ours, so they are added to Avro's global predicate here, once,
 * instead of asking every application to set {@code org.apache.avro.SERIALIZABLE_PACKAGES}.
 */
public final class AvroTrust {
  /** The package the avro-maven-plugin generates the contract classes into. */
  public static final String GENERATED_PACKAGE = Envelope.class.getPackageName();

  private static boolean trusted;

  private AvroTrust() {}

  /** Adds the generated package to Avro's trusted classes; later calls do nothing. */
  public static synchronized void ensure() {
    if (trusted) {
      return;
    }
    ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    if (!previous.isTrusted(Envelope.class)) {
      ClassSecurityValidator.setGlobal(
          ClassSecurityValidator.composite(
              previous, type -> GENERATED_PACKAGE.equals(type.getPackageName())));
    }
    trusted = true;
  }
}
