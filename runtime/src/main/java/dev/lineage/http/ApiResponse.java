package dev.lineage.http;

import java.util.Map;

/** A handler's answer: a status and a body that is written as JSON. */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body, Map.of());
  }

  public static ApiResponse of(int status, Object body) {
    return new ApiResponse(status, body, Map.of());
  }
}
