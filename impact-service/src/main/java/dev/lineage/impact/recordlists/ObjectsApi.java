package dev.lineage.impact.recordlists;

import dev.lineage.api.StoredObject;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.Tombstone;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code GET /v1/objects/{digest}} (issue 14): whether an object of the service's CAS is stored or
 * was erased for a deletion request. The content is never answered (it may hold records); an erased
 * object is a 410 {@code erased} naming the request and when, as its tombstone keeps them with the
 * signed {@code SnapshotErased}; an object never stored is a 404. The lineage graph keeps the
 * erased snapshot's node: {@code GET /v1/nodes/{digest}} still answers it, with its edges.
 */
public final class ObjectsApi {
  private final Optional<ContentStore> cas;

  public ObjectsApi(Optional<Path> cas) {
    this.cas = cas.map(ContentStore::new);
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/objects/{digest}", this::object);
  }

  ApiResponse object(ApiRequest request) {
    Digest digest;
    try {
      digest = Digest.parse(request.pathParam("digest"));
    } catch (InvalidIdException e) {
      throw ApiException.badRequest("an object is named by sha256:<64 lowercase hex>");
    }
    ContentStore store =
        cas.orElseThrow(
            () ->
                new ApiException(
                    404,
                    "no-cas",
                    "this impact service has no content-addressed store (impact.cas)"));
    try {
      Optional<Tombstone> erased = store.erasure(digest);
      if (erased.isPresent()) {
        Tombstone t = erased.get();
        throw new ApiException(
            410,
            "erased",
            "object "
                + digest
                + " ("
                + t.sizeBytes()
                + " bytes) was erased for request "
                + t.fact().requestId()
                + " at "
                + t.fact().erasedAt()
                + t.fact()
                    .envelopeDigest()
                    .map(d -> "; the signed erasure fact is envelope " + d)
                    .orElse(""));
      }
      Optional<Path> object = store.path(digest);
      if (object.isEmpty()) {
        throw ApiException.notFound("object " + digest + " is not in the content-addressed store");
      }
      return ApiResponse.ok(
          new StoredObject(
              digest.toString(), "STORED", Files.size(object.get()), store.isDirectory(digest)));
    } catch (IOException e) {
      throw ApiException.unavailable("the content-addressed store could not be read", 1);
    }
  }
}
