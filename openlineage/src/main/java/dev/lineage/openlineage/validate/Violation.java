package dev.lineage.openlineage.validate;

import java.util.Objects;

/**
 * One way an event breaks the spec.
 *
 * @param path where, as a JSON path from the event root ({@code $.run.runId}, {@code
 *     $.inputs[0].facets.schema.fields[1].name})
 * @param message what is wrong there, for people
 */
public record Violation(String path, String message) {
  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
