package dev.lineage.openlineage.mapping;

/** What an edge of the bipartite graph says. */
public enum EdgeKind {
  /** dataset → run: the run read the dataset. */
  INPUT,
  /** run → dataset: the run wrote the dataset. */
  OUTPUT,
  /**
   * dataset → the same dataset at one version. Lets a walk from a dataset's name reach every run
   * that read any of its versions (a deletion must over-include).
   */
  VERSION
}
