package dev.lineage.api.client;

import java.io.IOException;

/**
 * No answer came: nobody listens, the host does not resolve, the connection or the answer took
 * longer than the client waits. The cause is the transport's own exception ({@link
 * java.net.http.HttpConnectTimeoutException}, {@link java.net.http.HttpTimeoutException}, {@link
 * java.net.ConnectException}, ...), for callers that explain each differently.
 */
public final class UnreachableException extends LineageApiException {
  private static final long serialVersionUID = 1L;

  public UnreachableException(String message, IOException cause) {
    super(message, cause);
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }
}
