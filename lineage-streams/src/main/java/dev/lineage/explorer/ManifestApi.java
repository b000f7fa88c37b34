package dev.lineage.explorer;

import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.CorruptObjectException;
import dev.lineage.cas.ErasedObjectException;
import dev.lineage.cas.MissingObjectException;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.manifest.ManifestFormatException;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.DsseSignature;
import dev.lineage.signing.MalformedEnvelopeException;
import dev.lineage.trust.Decision;
import dev.lineage.trust.Keyring;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /v1/manifests/{digest}}: a training manifest from the content-addressed store, as the
 * node panel shows it (data snapshots, feature schema, commit, lock file, image, seeds, hardware,
 * privacy). Only signed training manifests are ever answered: any other object of the store (a
 * salted record-key list of a deletion request, a dataset) is refused as not a manifest, without
 * its content. The CAS re-hashes what it reads, so the statement is the one the digest names; its
 * signature is checked like the impact service checks it (a key holding {@code PRODUCER} by
 * everything the keyring knows now) and the verdict is part of the answer.
 */
final class ManifestApi {
  private final Optional<ContentStore> cas;
  private final Supplier<Keyring> keyring;

  ManifestApi(Optional<ContentStore> cas, Supplier<Keyring> keyring) {
    this.cas = cas;
    this.keyring = keyring;
  }

  void mount(ApiServer server) {
    server.route("GET", "/v1/manifests/{digest}", this::manifest);
  }

  private ApiResponse manifest(ApiRequest request) {
    Digest digest;
    try {
      digest = Digest.parse(request.pathParam("digest"));
    } catch (InvalidIdException e) {
      throw ApiException.badRequest("a manifest is named by sha256:<64 lowercase hex>");
    }
    ContentStore store =
        cas.orElseThrow(
            () ->
                new ApiException(
                    404,
                    "no-cas",
                    "this instance has no content-addressed store to read manifests from (set"
                        + " LINEAGE_CAS)"));
    byte[] bytes;
    try {
      bytes = store.readBytes(digest);
    } catch (MissingObjectException e) {
      throw ApiException.notFound("manifest " + digest + " is not in the content-addressed store");
    } catch (ErasedObjectException e) {
      // erased for a deletion request: gone for good, and the answer says for which
      throw new ApiException(410, "erased", e.getMessage());
    } catch (CorruptObjectException e) {
      throw new ApiException(
          422, "corrupt", "the stored object " + digest + " does not match its digest");
    } catch (IOException e) {
      throw ApiException.unavailable("the content-addressed store could not be read", 1);
    }
    DsseEnvelope envelope;
    TrainingManifest manifest;
    try {
      envelope = DsseEnvelope.fromJson(bytes);
      if (!SignedManifests.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        throw notAManifest(digest);
      }
      manifest = TrainingManifest.fromJson(envelope.payload());
    } catch (MalformedEnvelopeException | ManifestFormatException e) {
      throw notAManifest(digest);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("digest", digest.toString());
    body.put("payloadType", envelope.payloadType());
    List<String> keyIds = new ArrayList<>();
    for (DsseSignature s : envelope.signatures()) {
      keyIds.add(s.keyid());
    }
    body.put("signatures", keyIds);
    Decision decision =
        keyring
            .get()
            .authorize(
                AvroEnvelopes.toAvro(envelope),
                Role.PRODUCER,
                System.currentTimeMillis(),
                Keyring.EVERYTHING_KNOWN);
    Map<String, Object> verdict = new LinkedHashMap<>();
    if (decision instanceof Decision.Accepted a) {
      verdict.put("trusted", true);
      verdict.put("signer", a.keyId());
    } else if (decision instanceof Decision.Rejected r) {
      verdict.put("trusted", false);
      verdict.put("reason", r.reason().wire());
      verdict.put("detail", r.detail());
    }
    body.put("signature", verdict);
    try {
      // the canonical statement as the library writes it: known fields only
      body.put("statement", ApiServer.json().readTree(manifest.toJson()));
    } catch (IOException e) {
      throw new IllegalStateException("the library's own manifest JSON did not parse", e);
    }
    return ApiResponse.ok(body);
  }

  private static ApiException notAManifest(Digest digest) {
    return new ApiException(
        422,
        "not-a-manifest",
        "the stored object " + digest + " is not a signed training manifest");
  }
}
