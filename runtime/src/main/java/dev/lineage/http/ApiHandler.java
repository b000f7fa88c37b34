package dev.lineage.http;

/** One route's logic. Throw {@link ApiException} for an answer other than success. */
@FunctionalInterface
public interface ApiHandler {
  ApiResponse handle(ApiRequest request) throws Exception;
}
