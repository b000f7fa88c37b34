package dev.lineage.bench.graph;

import java.util.Arrays;

/**
 * Breadth-first downstream closure over a {@link LineageGraph}'s int arrays: the plain in-memory
 * reference figure. Visited marks are generation stamps, so a walk costs only the nodes it reaches,
 * never a clear of a million-entry array. One instance per thread: it owns its scratch arrays.
 */
public final class DownstreamBfs {
  private final int[] offsets;
  private final int[] targets;
  private final int[] stamp;
  private final int[] queue;
  private int generation;
  private boolean returnedToStart;

  public DownstreamBfs(LineageGraph graph) {
    this.offsets = graph.outOffsets();
    this.targets = graph.outTargets();
    this.stamp = new int[graph.size()];
    this.queue = new int[graph.size()];
  }

  /** The number of distinct nodes reachable from {@code start}, the start itself excluded. */
  public int closureSize(int start) {
    return closureSize(start, Integer.MAX_VALUE);
  }

  /**
   * As {@link #closureSize(int)}, but stops as soon as more than {@code cap} nodes are found and
   * then answers {@code cap + 1}: enough to know a closure is too large, at a bounded price.
   */
  public int closureSize(int start, int cap) {
    int g = nextGeneration();
    returnedToStart = false;
    stamp[start] = g;
    int head = 0;
    int tail = 0;
    queue[tail++] = start;
    int found = 0;
    while (head < tail) {
      int v = queue[head++];
      for (int k = offsets[v], end = offsets[v + 1]; k < end; k++) {
        int w = targets[k];
        returnedToStart |= w == start;
        if (stamp[w] != g) {
          stamp[w] = g;
          queue[tail++] = w;
          if (++found > cap) {
            return found;
          }
        }
      }
    }
    return found;
  }

  /**
   * Whether the last walk came back to its start through a cycle. The closure never counts its
   * start (as the Lineage API), but SQL's recursive {@code UNION} does when a cycle reaches it.
   */
  public boolean lastWalkReturnedToStart() {
    return returnedToStart;
  }

  private int nextGeneration() {
    if (++generation == 0) {
      // after 2^32 walks the stamps wrap: forget them all once
      Arrays.fill(stamp, 0);
      generation = 1;
    }
    return generation;
  }
}
