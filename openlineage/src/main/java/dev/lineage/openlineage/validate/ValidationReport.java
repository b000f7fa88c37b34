package dev.lineage.openlineage.validate;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating one event.
 *
 * @param declaredSchemaUrl the event's own {@code schemaURL}, when it has one
 * @param validatedAgainst the version of the bundled spec the event was checked against, e.g.
 *     {@code 2-0-2}
 * @param violations empty when the event is valid; otherwise in document order
 */
public record ValidationReport(
    Optional<String> declaredSchemaUrl, String validatedAgainst, List<Violation> violations) {

  public ValidationReport {
    violations = List.copyOf(violations);
  }

  public boolean valid() {
    return violations.isEmpty();
  }
}
