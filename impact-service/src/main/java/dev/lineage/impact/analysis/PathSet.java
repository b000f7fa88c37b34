package dev.lineage.impact.analysis;

import java.util.List;

/**
 * The paths found to one node, each a list of node ids from a start to it.
 *
 * @param cut true when more paths exist than the cap allowed
 */
public record PathSet(List<List<String>> paths, boolean cut) {
  public PathSet {
    paths = paths.stream().map(List::copyOf).toList();
  }
}
