package dev.lineage.bench.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A directed lineage graph held as int arrays: nodes are numbered 0..size-1 in the order they were
 * added, and both adjacencies are compressed (one offsets array, one targets array), so a million
 * nodes and two million edges cost a few tens of megabytes beside the id strings and a traversal
 * touches no object per edge.
 */
public final class LineageGraph {
  private final String[] ids;
  private final byte[] kindCodes;
  private final String[] kindTable;
  private final String[] names;
  private final String[] versions;
  private final Map<String, Integer> indexById;
  private final int[] outOffsets;
  private final int[] outTargets;
  private final int[] inOffsets;
  private final int[] inSources;

  private LineageGraph(Builder b) {
    int n = b.ids.size();
    this.ids = b.ids.toArray(new String[0]);
    this.kindCodes = Arrays.copyOf(b.kindCodes, n);
    this.kindTable = b.kindTable.toArray(new String[0]);
    this.names = b.names.toArray(new String[0]);
    this.versions = b.versions.toArray(new String[0]);
    this.indexById = b.indexById;
    int m = b.edgeCount;
    this.outOffsets = new int[n + 1];
    this.outTargets = new int[m];
    this.inOffsets = new int[n + 1];
    this.inSources = new int[m];
    compress(b.edgeFrom, b.edgeTo, m, outOffsets, outTargets);
    compress(b.edgeTo, b.edgeFrom, m, inOffsets, inSources);
  }

  /** Counting sort of the edge list by {@code keys}, keeping insertion order within a key. */
  private static void compress(int[] keys, int[] values, int m, int[] offsets, int[] out) {
    for (int e = 0; e < m; e++) {
      offsets[keys[e] + 1]++;
    }
    for (int v = 1; v < offsets.length; v++) {
      offsets[v] += offsets[v - 1];
    }
    int[] next = Arrays.copyOf(offsets, offsets.length - 1);
    for (int e = 0; e < m; e++) {
      out[next[keys[e]]++] = values[e];
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return ids.length;
  }

  public int edgeCount() {
    return outTargets.length;
  }

  public String id(int node) {
    return ids[node];
  }

  /** The node's kind: {@code RUN}, {@code SOURCE}, {@code DATASET}, ... */
  public String kind(int node) {
    return kindTable[kindCodes[node]];
  }

  /** The artifact's registered name, or for a run its process name; null when unknown. */
  public String name(int node) {
    return names[node];
  }

  /** The process version of a run; null for artifacts and when unknown. */
  public String version(int node) {
    return versions[node];
  }

  /** The node's number, or -1 when the graph has no such id. */
  public int indexOf(String id) {
    Integer i = indexById.get(id);
    return i == null ? -1 : i;
  }

  public int outDegree(int node) {
    return outOffsets[node + 1] - outOffsets[node];
  }

  public int inDegree(int node) {
    return inOffsets[node + 1] - inOffsets[node];
  }

  /** The downstream neighbours of {@code node}, as a fresh array (for tests and reports). */
  public int[] successors(int node) {
    return Arrays.copyOfRange(outTargets, outOffsets[node], outOffsets[node + 1]);
  }

  /** The upstream neighbours of {@code node}: for a run, its inputs. */
  public int[] predecessors(int node) {
    return Arrays.copyOfRange(inSources, inOffsets[node], inOffsets[node + 1]);
  }

  /**
   * The raw out-adjacency, shared, not copied: successors of {@code v} are {@code
   * targets[offsets[v]]..targets[offsets[v+1]-1]}. For traversals that must not allocate.
   */
  int[] outOffsets() {
    return outOffsets;
  }

  int[] outTargets() {
    return outTargets;
  }

  /** Number of nodes per kind, in order of the kind's first appearance. */
  public Map<String, Integer> countsByKind() {
    int[] counts = new int[kindTable.length];
    for (byte k : kindCodes) {
      counts[k]++;
    }
    Map<String, Integer> result = new LinkedHashMap<>();
    for (int k = 0; k < kindTable.length; k++) {
      result.put(kindTable[k], counts[k]);
    }
    return result;
  }

  /** Collects nodes and edges; a node may be added before or after the edges that name it. */
  public static final class Builder {
    private final List<String> ids = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> versions = new ArrayList<>();
    private final List<String> kindTable = new ArrayList<>();
    private final Map<String, Byte> kindCode = new HashMap<>();
    private final Map<String, Integer> indexById = new HashMap<>();
    private byte[] kindCodes = new byte[1024];
    private int[] edgeFrom = new int[1024];
    private int[] edgeTo = new int[1024];
    private int edgeCount;

    private Builder() {}

    /**
     * Adds a node and returns its number; adding an id again returns the existing number and keeps
     * the first kind, name and version.
     */
    public int node(String id, String kind, String name, String version) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Integer existing = indexById.get(id);
      if (existing != null) {
        return existing;
      }
      int index = ids.size();
      ids.add(id);
      names.add(name);
      versions.add(version);
      if (index == kindCodes.length) {
        kindCodes = Arrays.copyOf(kindCodes, index * 2);
      }
      kindCodes[index] = codeOf(kind);
      indexById.put(id, index);
      return index;
    }

    /** The number of a node already added, or -1. */
    public int indexOf(String id) {
      Integer i = indexById.get(id);
      return i == null ? -1 : i;
    }

    public int size() {
      return ids.size();
    }

    public int edgeCount() {
      return edgeCount;
    }

    public Builder edge(int from, int to) {
      if (from < 0 || from >= ids.size() || to < 0 || to >= ids.size()) {
        throw new IllegalArgumentException("edge names an unknown node: " + from + " -> " + to);
      }
      if (edgeCount == edgeFrom.length) {
        edgeFrom = Arrays.copyOf(edgeFrom, edgeCount * 2);
        edgeTo = Arrays.copyOf(edgeTo, edgeCount * 2);
      }
      edgeFrom[edgeCount] = from;
      edgeTo[edgeCount] = to;
      edgeCount++;
      return this;
    }

    private byte codeOf(String kind) {
      Byte code = kindCode.get(kind);
      if (code != null) {
        return code;
      }
      if (kindTable.size() == Byte.MAX_VALUE) {
        throw new IllegalArgumentException("more than " + Byte.MAX_VALUE + " node kinds");
      }
      byte next = (byte) kindTable.size();
      kindTable.add(kind);
      kindCode.put(kind, next);
      return next;
    }

    public LineageGraph build() {
      return new LineageGraph(this);
    }
  }
}
