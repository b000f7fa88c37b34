package dev.lineage.openlineage.mapping;

/** Where a dataset appeared in its event. */
public enum DatasetRole {
  /** in {@code inputs} */
  INPUT,
  /** in {@code outputs} */
  OUTPUT,
  /** the {@code dataset} of a DatasetEvent */
  STATIC
}
