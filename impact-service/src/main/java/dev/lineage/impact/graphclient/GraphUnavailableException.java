package dev.lineage.impact.graphclient;

/**
 * lineage-streams did not answer usefully this time: unreachable, too slow, a 503 while its group
 * settles, a 5xx. The request stays pending and is tried again.
 */
public class GraphUnavailableException extends RuntimeException {
  public GraphUnavailableException(String message) {
    super(message);
  }

  public GraphUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
