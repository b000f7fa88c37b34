package dev.lineage.openlineage.validate;

/** Where in an event a facet map sits; each standard facet schema applies at some of them. */
enum FacetLocation {
  /** {@code run.facets} */
  RUN,
  /** {@code job.facets} */
  JOB,
  /** {@code inputs[].facets}, {@code outputs[].facets}, {@code dataset.facets} */
  DATASET,
  /** {@code inputs[].inputFacets} */
  INPUT,
  /** {@code outputs[].outputFacets} */
  OUTPUT
}
