package dev.lineage.query;

import java.util.Objects;

/** One column of one dataset ({@code column} empty: the dataset as a whole). */
public record ColumnRef(String dataset, String column) {
  public ColumnRef {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(column, "column");
  }
}
