package dev.lineage.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a handler sees of a request: path parameters from its route, the decoded query and the body.
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    byte[] body) {

  public ApiRequest(
      String method, String path, Map<String, String> pathParams, Map<String, List<String>> query) {
    this(method, path, pathParams, query, new byte[0]);
  }

  /**
   * The body read as JSON into a type; a body that does not parse is the caller's mistake, so a
   * 400.
   */
  public <T> T jsonBody(Class<T> type) {
    try {
      return ApiServer.json().readValue(body, type);
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("the request body is not the expected JSON: " + e.getMessage());
    }
  }

  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return value;
  }

  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A required query parameter; its absence is the caller's mistake, so a 400. */
  public String requiredQueryParam(String name) {
    return queryParam(name)
        .orElseThrow(() -> ApiException.badRequest("query parameter '" + name + "' is required"));
  }

  public Optional<Integer> intQueryParam(String name) {
    return queryParam(name)
        .map(
            v -> {
              try {
                return Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw ApiException.badRequest(
                    "query parameter '" + name + "' must be an integer, got '" + v + "'");
              }
            });
  }
}
