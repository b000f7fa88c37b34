package dev.lineage.openlineage.mapping;

import java.util.Objects;
import java.util.Optional;

/**
 * How an output column derives from an input column ({@code columnLineage} facet).
 *
 * @param type {@code DIRECT} or {@code INDIRECT} (the spec's values), or {@code LEGACY} for the
 *     deprecated per-field {@code transformationType}/{@code transformationDescription}
 * @param subtype e.g. {@code IDENTITY}, {@code TRANSFORMATION}, {@code AGGREGATION}, {@code JOIN},
 *     {@code FILTER}; for {@code LEGACY}, the old {@code transformationType}
 * @param description a text form of the transformation
 * @param masking true when the output no longer reveals the input (e.g. a hash of PII)
 */
public record Transformation(
    String type, Optional<String> subtype, Optional<String> description, boolean masking) {
  public Transformation {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subtype, "subtype");
    Objects.requireNonNull(description, "description");
  }
}
