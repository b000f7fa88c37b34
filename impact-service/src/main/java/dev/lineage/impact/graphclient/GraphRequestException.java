package dev.lineage.impact.graphclient;

/** lineage-streams refused the question itself (a 4xx other than 404): asking again cannot help. */
public class GraphRequestException extends RuntimeException {
  private final int status;

  public GraphRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
