package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The impact service's answer to {@code GET /v1/objects/{digest}} (issue 14): whether an object of
 * the content-addressed store is there, without its content. An erased one is answered 410 with an
 * {@link ApiError} ({@code erased}) naming the request; this record describes a stored one.
 *
 * @param digest the object
 * @param state {@code STORED}
 * @param sizeBytes its size
 * @param directory whether it is a stored directory's manifest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredObject(String digest, String state, Long sizeBytes, boolean directory) {}
