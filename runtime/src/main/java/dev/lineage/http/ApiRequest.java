package dev.lineage.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a handler sees of a request: path parameters from its route, the decoded query and the body;
 * and, for a route that authenticates its own callers ({@link ApiAccess}: {@code /api/...}), the
 * {@code Authorization} header (null otherwise, and when absent).
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    byte[] body,
    String authorization) {

  public ApiRequest(
      String method, String path, Map<String, String> pathParams, Map<String, List<String>> query) {
    this(method, path, pathParams, query, new byte[0], null);
  }

  public ApiRequest(
      String method,
      String path,
      Map<String, String> pathParams,
      Map<String, List<String>> query,
      byte[] body) {
    this(method, path, pathParams, query, body, null);
  }

  /**
   * The body read as JSON into a type; a body that does not parse, or does not fit the type, is the
   * caller's mistake, so a 400 ({@link JsonBody}).
   */
  public <T> T jsonBody(Class<T> type) {
    return JsonBody.value(body, type);
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

  /** Every value a query parameter was given, in order ({@code ?kinds=A&kinds=B}); may be empty. */
  public List<String> queryParams(String name) {
    List<String> values = query.get(name);
    return values == null ? List.of() : List.copyOf(values);
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
                    "query parameter '"
                        + name
                        + "' must be a whole number from "
                        + Integer.MIN_VALUE
                        + " to "
                        + Integer.MAX_VALUE
                        + ", got '"
                        + v
                        + "'");
              }
            });
  }

  /**
   * {@code true} or {@code false} (any case); anything else is a 400, so {@code ?summary=yes} is
   * never quietly read as false.
   */
  public Optional<Boolean> booleanQueryParam(String name) {
    return queryParam(name)
        .map(
            v ->
                switch (v.toLowerCase(Locale.ROOT)) {
                  case "true" -> true;
                  case "false" -> false;
                  default ->
                      throw ApiException.badRequest(
                          "query parameter '" + name + "' must be true or false, got '" + v + "'");
                });
  }
}
