package dev.lineage.http;

/**
 * A response body written as it is rather than as JSON: the explorer's static files. A handler
 * answers {@code new ApiResponse(200, new RawBody("text/html; charset=utf-8", bytes), headers)}.
 */
public record RawBody(String contentType, byte[] bytes) {}
