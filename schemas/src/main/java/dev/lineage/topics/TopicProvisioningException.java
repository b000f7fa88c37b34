package dev.lineage.topics;

/**
 * The topics could not be created or checked: the cluster did not answer in time, refused a request
 * (e.g. not authorized), or the waiting thread was interrupted.
 */
public final class TopicProvisioningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TopicProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
