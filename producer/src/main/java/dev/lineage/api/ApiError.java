package dev.lineage.api;

/**
 * The body of every answer that is not a success: the HTTP status again, a stable machine-readable
 * reason ({@code bad-request}, {@code not-found}, {@code unavailable}, ...) and a message for
 * people.
 */
public record ApiError(int status, String reason, String message) {}
