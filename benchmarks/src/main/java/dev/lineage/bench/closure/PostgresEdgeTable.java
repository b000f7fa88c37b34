package dev.lineage.bench.closure;

import dev.lineage.bench.graph.LineageGraph;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a graph into PostgreSQL as {@code edges(src text, dst text)}: {@code COPY} from this JVM's
 * copy of the graph (so both sides hold exactly the same edges), then a B-tree on {@code (src,
 * dst)} — an index on {@code src} that also lets the recursive step run as an index-only scan — and
 * one on {@code dst} for upstream walks, then {@code VACUUM ANALYZE} (statistics for the planner, a
 * visibility map for index-only scans).
 */
public final class PostgresEdgeTable {
  public static final String TABLE = "edges";

  /** Wall-clock time of each loading phase, for the report. */
  public record LoadTimes(long copyMillis, long indexMillis, long analyzeMillis, long rows) {}

  private static final int CHUNK_CHARS = 1 << 20;

  private PostgresEdgeTable() {}

  /** Replaces any table named {@code edges} in the connection's database. */
  public static LoadTimes load(Connection connection, LineageGraph graph) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement st = connection.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute("CREATE TABLE " + TABLE + " (src text NOT NULL, dst text NOT NULL)");
    }
    long t0 = System.nanoTime();
    long rows = copy(connection, graph);
    long t1 = System.nanoTime();
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE INDEX " + TABLE + "_src_dst ON " + TABLE + " (src, dst)");
      st.execute("CREATE INDEX " + TABLE + "_dst ON " + TABLE + " (dst)");
    }
    long t2 = System.nanoTime();
    try (Statement st = connection.createStatement()) {
      st.execute("VACUUM ANALYZE " + TABLE);
    }
    long t3 = System.nanoTime();
    return new LoadTimes(millis(t1 - t0), millis(t2 - t1), millis(t3 - t2), rows);
  }

  private static long copy(Connection connection, LineageGraph graph) throws SQLException {
    CopyIn copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + TABLE + " (src, dst) FROM STDIN (FORMAT csv)");
    try {
      StringBuilder chunk = new StringBuilder(CHUNK_CHARS + 512);
      for (int v = 0; v < graph.size(); v++) {
        String from = graph.id(v);
        for (int w : graph.successors(v)) {
          chunk.append(from).append(',').append(graph.id(w)).append('\n');
        }
        if (chunk.length() >= CHUNK_CHARS) {
          send(copy, chunk);
        }
      }
      send(copy, chunk);
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void send(CopyIn copy, StringBuilder chunk) throws SQLException {
    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    chunk.setLength(0);
  }

  /** The server's version string, e.g. {@code PostgreSQL 15.18 (Debian 15.18-0+deb12u1) ...}. */
  public static String serverVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The query plan PostgreSQL picks for one start, for the report. */
  public static String explain(Connection connection, String startId) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement("EXPLAIN " + PostgresClosureClient.CLOSURE_SQL)) {
      st.setString(1, startId);
      StringWriter out = new StringWriter();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.write(rs.getString(1));
          out.write('\n');
        }
      }
      return out.toString();
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
