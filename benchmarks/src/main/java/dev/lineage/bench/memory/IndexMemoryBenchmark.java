package dev.lineage.bench.memory;

import dev.lineage.index.GraphIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What lineage-streams' in-memory graph index costs on the heap for a generated graph: the index
 * built the way the fold builds it (every edge in both directions, each under the partition that
 * owns its key node, every node's kind), the heap measured after full collections before and after,
 * and the adjacency arrays' own count ({@code AdjacencyIndex.bytesUsed()}) beside it. Prints a
 * markdown table.
 */
@Command(
    name = "index-memory",
    mixinStandardHelpOptions = true,
    description = "Heap bytes per edge of the in-memory graph index for an edge list.")
public final class IndexMemoryBenchmark implements Callable<Integer> {
  @Option(names = "--edges-csv", required = true, description = "edge list, lines `from,to`")
  Path edgesCsv;

  @Option(names = "--nodes-csv", description = "node table `id,kind,name,version`, for kinds")
  Path nodesCsv;

  @Option(names = "--partitions", description = "partitions (default ${DEFAULT-VALUE})")
  int partitions = 3;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IndexMemoryBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = settledHeap(memory);
    long t0 = System.nanoTime();
    GraphIndex index = new GraphIndex();
    long edges = 0;
    try (BufferedReader in = Files.newBufferedReader(edgesCsv, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int comma = line.indexOf(',');
        if (comma < 0 || line.startsWith("from,")) {
          continue;
        }
        String from = line.substring(0, comma);
        String to = line.substring(comma + 1);
        index.edgeOut(partition(from), from, to);
        index.edgeIn(partition(to), from, to);
        edges++;
      }
    }
    if (nodesCsv != null) {
      readKinds(index);
    }
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    long after = settledHeap(memory);
    long adjacency;
    try {
      adjacency = index.downstream().bytesUsed() + index.upstream().bytesUsed();
    } catch (NoSuchMethodError e) {
      adjacency = -1; // an index from before it counted its arrays (for before/after runs)
    }
    long total = after - before;
    long ids;
    try {
      ids = index.interner().bytesUsed();
    } catch (NoSuchMethodError e) {
      ids = -1;
    }
    int nodes = index.interner().size();
    PrintTable.print(nodes, edges, buildSeconds, total, adjacency, ids);
    // keep the index reachable until measured
    return index.interner().size() == nodes ? 0 : 1;
  }

  private void readKinds(GraphIndex index) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(nodesCsv, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",", -1);
        if (f.length < 2 || f[0].equals("id")) {
          continue;
        }
        index.nodeKind(f[0], f[1]);
      }
    }
  }

  private String partition(String id) {
    return "0_" + Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static final class PrintTable {
    static void print(int nodes, long edges, double seconds, long total, long adjacency, long ids) {
      System.out.println(
          "| nodes | edges | build s | index heap MB | bytes per edge (all) | adjacency arrays MB"
              + " | adjacency bytes per edge | ids and kinds bytes per node (heap) | interner"
              + " arrays bytes per node |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      System.out.printf(
          Locale.ROOT,
          "| %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
          nodes,
          edges,
          seconds,
          total / 1e6,
          (double) total / edges,
          adjacency < 0 ? Double.NaN : adjacency / 1e6,
          adjacency < 0 ? Double.NaN : (double) adjacency / edges,
          adjacency < 0 ? Double.NaN : (double) (total - adjacency) / nodes,
          ids < 0 ? Double.NaN : (double) ids / nodes);
    }
  }
}
