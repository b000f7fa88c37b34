package dev.lineage.barrier;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.util.function.Supplier;

/**
 * {@code GET /v1/folded?before=T} (T: epoch milliseconds, a broker append time): {@link
 * dev.lineage.api.Folded}, {@code met: true} once the fold has taken in everything appended to its
 * input topics before T (see {@link FoldBarrier}); {@code met: false} says "not yet, ask again".
 * 503 when the cluster cannot be asked. Any instance answers: the group's offsets are global. Part
 * of the read API (its token, or a member's MAC): impact-service asks it before deciding a request.
 */
public final class FoldBarrierApi {
  public static final String PATH = "/v1/folded";

  private final Supplier<FoldBarrier> barrier;

  public FoldBarrierApi(Supplier<FoldBarrier> barrier) {
    this.barrier = barrier;
  }

  public void mount(ApiServer server) {
    server.route("GET", PATH, this::folded);
  }

  private ApiResponse folded(ApiRequest request) {
    String text = request.requiredQueryParam("before");
    long before;
    try {
      before = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("before takes epoch milliseconds, got " + text);
    }
    if (before < 0) {
      throw ApiException.badRequest("before takes epoch milliseconds (>= 0), got " + text);
    }
    try {
      return ApiResponse.ok(barrier.get().check(before));
    } catch (FoldOffsets.FoldOffsetsUnavailable e) {
      throw ApiException.unavailable("the fold's offsets cannot be read now: " + e.getMessage(), 1);
    }
  }
}
