package dev.lineage.governance;

import dev.lineage.api.Deployment;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.Digest;
import dev.lineage.id.NodeId;
import dev.lineage.query.GraphReader;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deployment gate over HTTP: {@code GET /v1/deployments/{model}} answers 200 for any
 * well-formed model id ({@code sha256:<hex>}, or {@code name:<name>[@<version>]} resolved to the
 * digest it names now) with {@code {"approved", "model", "approvals", "reasons", ...}}, and 400 for
 * a malformed one. {@code GET /v1/internal/approvals/{model}} is what instances ask each other.
 */
public final class DeploymentApi {
  private final Supplier<GraphReader> graph;
  private final Supplier<? extends ApprovalLookup> approvals;
  private final Supplier<ApproverCheck> approver;
  private final Supplier<Optional<ObligationLookup>> obligations;

  public DeploymentApi(
      Supplier<GraphReader> graph,
      Supplier<? extends ApprovalLookup> approvals,
      Supplier<ApproverCheck> approver) {
    this(graph, approvals, approver, Optional::empty);
  }

  /**
   * @param obligations the impact service's view of each model's deletion obligations, when one is
   *     known ({@link DeploymentObligations}); empty: the verdict says nothing of obligations
   */
  public DeploymentApi(
      Supplier<GraphReader> graph,
      Supplier<? extends ApprovalLookup> approvals,
      Supplier<ApproverCheck> approver,
      Supplier<Optional<ObligationLookup>> obligations) {
    this.graph = graph;
    this.approvals = approvals;
    this.approver = approver;
    this.obligations = obligations;
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/deployments/{id*}", this::deployment);
    server.route("GET", ClusterApprovals.INTERNAL + "{model*}", this::internal);
  }

  private ApiResponse deployment(ApiRequest request) {
    String text = request.pathParam("id");
    NodeId id = NodeId.parse(text);
    GraphReader reader = graph.get();
    String model;
    if (id.isReference()) {
      Optional<String> resolved = reader.resolveName(id.name().orElseThrow(), id.version());
      if (resolved.isEmpty()) {
        return ApiResponse.ok(unknownName(id.toString()));
      }
      model = resolved.get();
    } else {
      model = id.toString();
    }
    if (!Digest.isValid(model)) {
      throw ApiException.badRequest(
          "a deployment names a model by its digest, sha256:<64 hex> (or name:<name>[@<version>]),"
              + " not "
              + NodeId.parse(model).kind().prefix()
              + "...");
    }
    Deployment verdict = check(reader, approvals.get(), approver.get(), model).toAnswer();
    Optional<ObligationLookup> lookup = obligations.get();
    return ApiResponse.ok(
        lookup.isPresent()
            ? DeploymentObligations.apply(verdict, lookup.get().forModel(model))
            : verdict);
  }

  /** The verdict on one model digest, from any graph and approvals (the HTTP handler's core). */
  public static DeploymentVerdict check(
      GraphReader reader, ApprovalLookup approvals, ApproverCheck approver, String model) {
    List<ApprovalRecord> decisions = approvals.forModel(model);
    ModelProvenance provenance =
        ModelProvenance.read(
            reader, model, decisions.stream().map(ApprovalRecord::manifestDigest).toList());
    return DeploymentGate.evaluate(model, decisions, provenance, approver);
  }

  private static Deployment unknownName(String reference) {
    return new Deployment(
        false,
        reference,
        null,
        List.of(),
        List.of(),
        List.of(
            new Deployment.Reason(
                GateReason.UNKNOWN_NAME, "no artifact is registered under " + reference)));
  }

  private ApiResponse internal(ApiRequest request) {
    String model = request.pathParam("model");
    if (!Digest.isValid(model)) {
      throw ApiException.badRequest("a model digest is sha256:<64 lowercase hex>");
    }
    return ApiResponse.ok(new ClusterApprovals.LocalApprovals(approvals.get().localFor(model)));
  }
}
