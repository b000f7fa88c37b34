package dev.lineage.launcher;

import dev.lineage.api.Deployment;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.VerboseOption;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lineage verify-deployment}: the check a deployment pipeline runs before it ships a model.
 * Asks a running Lineage server ({@code GET /v1/deployments/{model}}) whether that exact digest is
 * approved, and prints why not.
 *
 * <p>Exit codes: 0 approved; 1 not approved (the reasons are printed), or the server could not
 * answer; 2 the command line is malformed.
 */
@Command(
    name = "verify-deployment",
    mixinStandardHelpOptions = true,
    description = {
      "Check that an exact model digest is approved for deployment, as a deployment pipeline does"
          + " before it ships.",
      "Approved means: the latest valid decision on that digest approves it, signed by an APPROVER"
          + " key that signed neither the run that produced the model nor its manifest, that was"
          + " not revoked when it was appended, and that reviewed the manifest the lineage graph"
          + " states for the model.",
      "Exit 0 approved; 1 not approved (reasons printed) or no answer; 2 malformed arguments."
    })
final class VerifyDeploymentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin QueryCommand.ServerOptions server;
  @Mixin VerboseOption verbose;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "ID",
      description =
          "The model to ship: sha256:<hex>, or name:<name>[@<version>] (checked as the digest it"
              + " names now).")
  String model;

  /** How 503 waits are spent; tests replace it to record them. */
  CommandLineApi.Pause pause = d -> Thread.sleep(d.toMillis());

  @Override
  public Integer call() {
    NodeId id;
    try {
      id = NodeId.parse(model);
    } catch (InvalidIdException e) {
      throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage());
    }
    if (!id.isReference() && id.kind() != NodeId.Kind.ARTIFACT) {
      throw new ParameterException(
          spec.commandLine(),
          "--model: a model is named by its digest, sha256:<64 hex>, or by name:<name>[@<version>]");
    }
    List<URI> url;
    try {
      url = QueryCommand.serverUrls(server.http, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
    }
    if (server.timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be 1 or more");
    }
    CommandLineApi client =
        new CommandLineApi(
            url, Duration.ofSeconds(server.timeoutSeconds), pause, server.token(spec));
    LineageApiClient.Answer<Deployment> answer;
    try {
      answer =
          client.get(
              "/v1/deployments/" + CommandLineApi.pathSegment(id.toString()),
              Map.of(),
              Deployment.class);
    } catch (CommandLineApi.ApiError e) {
      if (e.status() == 400) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      throw new CommandFailedException(
          "the Lineage server answered HTTP "
              + e.status()
              + " ("
              + e.reason()
              + "): "
              + e.getMessage());
    }
    Deployment body = answer.value();
    if (body.approved() == null) {
      throw new CommandFailedException(
          "the server at " + url + " did not answer with a deployment verdict");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (server.json) {
      QueryCommand.Query.printRaw(out, answer);
    } else {
      print(out, body);
    }
    out.flush();
    return body.approved() ? 0 : 1; // checked non-null above
  }

  private static String codes(List<Deployment.Reason> reasons) {
    List<String> codes = new ArrayList<>();
    reasons.forEach(r -> codes.add(r.code()));
    return String.join(", ", codes);
  }

  static void print(PrintWriter out, Deployment body) {
    String model = body.model();
    boolean approved = Boolean.TRUE.equals(body.approved());
    out.println(model + (approved ? ": APPROVED for deployment" : ": NOT APPROVED for deployment"));
    String decidedBy = body.decidedBy();
    for (Deployment.Decision a : body.approvals()) {
      String envelope = a.envelope();
      out.println(
          "  "
              + (envelope.equals(decidedBy) ? "* " : "  ")
              + a.decision()
              + " by key "
              + a.signer()
              + " at "
              + a.signedAt()
              + (a.valid() ? "" : " (void: " + codes(a.reasons()) + ")")
              + ", manifest "
              + a.manifestDigest()
              + ", envelope "
              + envelope);
    }
    for (Deployment.Reason r : body.reasons()) {
      out.println("  - " + r.code() + ": " + r.detail());
    }
  }
}
