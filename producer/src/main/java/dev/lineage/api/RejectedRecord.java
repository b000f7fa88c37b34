package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One record of the rejected topic as {@code GET /v1/rejected} shows it: where it sits, when it was
 * appended, the reason headers (null when a header is missing), the key when it is an id of the
 * graph's own grammar or a keys-topic key, digests of key and value, the value's size, and — when
 * the value decodes as an envelope — its payload type and signing key ids. Never the value itself.
 */
public record RejectedRecord(
    int partition,
    long offset,
    String timestamp,
    String reason,
    String detail,
    String sourceTopic,
    Long sourcePartition,
    Long sourceOffset,
    @JsonInclude(JsonInclude.Include.NON_NULL) String key,
    @JsonInclude(JsonInclude.Include.NON_NULL) String keyDigest,
    @JsonInclude(JsonInclude.Include.NON_NULL) String valueDigest,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer valueBytes,
    @JsonInclude(JsonInclude.Include.NON_NULL) String payloadType,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> signedBy) {}
