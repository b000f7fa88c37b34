package dev.lineage.openlineage.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One field of a dataset's {@code schema} facet; struct fields nest. */
public record SchemaField(
    String name, Optional<String> type, Optional<String> description, List<SchemaField> fields) {
  public SchemaField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    fields = List.copyOf(fields);
  }
}
