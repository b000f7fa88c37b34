package dev.lineage.bench.closure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The relational baseline: a recursive common table expression over an indexed edge table, as
 * lineage servers on a relational store compute a closure today. {@code UNION} (not {@code UNION
 * ALL}) removes duplicates, so diamonds and cycles end; the count is of distinct nodes reached,
 * which includes the start only when a cycle leads back to it.
 */
public final class PostgresClosureClient implements ClosureClient {
  public static final String CLOSURE_SQL =
      "WITH RECURSIVE closure(id) AS ("
          + "SELECT dst FROM edges WHERE src = ? "
          + "UNION "
          + "SELECT e.dst FROM edges e JOIN closure c ON e.src = c.id) "
          + "SELECT count(*) FROM closure";

  private final Connection connection;
  private final PreparedStatement statement;

  /** Prepares the query once on {@code connection}, which this client then owns. */
  public PostgresClosureClient(Connection connection) throws SQLException {
    this.connection = connection;
    this.statement = connection.prepareStatement(CLOSURE_SQL);
  }

  @Override
  public long closureSize(String startId) {
    try {
      statement.setString(1, startId);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("count(*) answered no row for " + startId);
        }
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("closure query failed for " + startId, e);
    }
  }

  @Override
  public void close() {
    try {
      statement.close();
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing the PostgreSQL connection failed", e);
    }
  }
}
