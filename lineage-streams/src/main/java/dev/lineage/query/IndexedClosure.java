package dev.lineage.query;

import dev.lineage.api.NodeKinds;
import dev.lineage.api.Receipt;
import dev.lineage.index.AdjacencyIndex;
import dev.lineage.index.NodeInterner;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A closure counted over the in-memory index: breadth-first over int arrays with a bit set of
 * visited nodes, kinds counted by code. Only valid when this instance holds every partition of the
 * graph; otherwise the generic walk asks the owners.
 */
public final class IndexedClosure {
  private IndexedClosure() {}

  public static ClosureSummary summarize(
      AdjacencyIndex index,
      Traversal.Request request,
      Set<String> kinds,
      Map<String, Long> position) {
    NodeInterner interner = index.interner();
    int start = interner.lookup(request.start());
    long[] byCode = new long[interner.kindCodes()];
    Map<String, Long> byImpliedKind = new TreeMap<>();
    if (start < 0) {
      return new ClosureSummary(Map.of(), new Receipt(1, false, null, 0, position));
    }
    BitSet seen = new BitSet(interner.size());
    seen.set(start);
    int[] frontier = {start};
    int frontierSize = 1;
    int[] next = new int[16];
    int depth = 0;
    long visited = 1;
    String cutBy = null;
    while (frontierSize > 0 && cutBy == null) {
      if (depth == request.maxDepth()) {
        for (int i = 0; i < frontierSize && cutBy == null; i++) {
          if (index.neighbors(frontier[i]).length > 0) {
            cutBy = "depth";
          }
        }
        break;
      }
      int nextSize = 0;
      for (int i = 0; i < frontierSize && cutBy == null; i++) {
        for (int n : index.neighbors(frontier[i])) {
          if (seen.get(n)) {
            continue;
          }
          if (visited >= request.maxNodes()) {
            cutBy = "size";
            break;
          }
          seen.set(n);
          visited++;
          if (nextSize == next.length) {
            next = Arrays.copyOf(next, nextSize * 2);
          }
          next[nextSize++] = n;
          int code = interner.kindCode(n);
          if (code >= byCode.length) {
            byCode = Arrays.copyOf(byCode, code + 1); // a kind first recorded during this walk
          }
          if (code != 0) {
            byCode[code]++;
          } else {
            byImpliedKind.merge(NodeKinds.fromId(interner.name(n)), 1L, Long::sum);
          }
        }
      }
      if (nextSize > 0) {
        depth++;
      }
      int[] swap = frontier;
      frontier = next;
      frontierSize = nextSize;
      next = swap.length >= 16 ? swap : new int[16];
    }
    Map<String, Long> counts = new TreeMap<>(byImpliedKind);
    for (int code = 1; code < byCode.length; code++) {
      if (byCode[code] > 0) {
        counts.merge(interner.kindName(code), byCode[code], Long::sum);
      }
    }
    if (!kinds.isEmpty()) {
      counts.keySet().retainAll(kinds);
    }
    return new ClosureSummary(counts, new Receipt(visited, cutBy != null, cutBy, depth, position));
  }
}
