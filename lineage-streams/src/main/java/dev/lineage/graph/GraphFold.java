package dev.lineage.graph;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.RunCompleted;
import dev.lineage.id.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.KeyValue;

/**
 * Turns one verified event into store operations, each keyed by the id whose partition owns the
 * entry (see {@link GraphStores}). Pure: the same event always gives the same operations.
 */
public final class GraphFold {
  private GraphFold() {}

  /**
   * The operations of one verified event, signed by {@code signer}, in envelope {@code digest},
   * appended by the broker at {@code appendedAt}: a node's first-seen time and a name's recency are
   * append times, never the signer's claim.
   */
  public static List<KeyValue<String, GraphOp>> operations(
      SpecificRecordBase event, String signer, String digest, long appendedAt) {
    if (event instanceof ArtifactRegistered a) {
      return artifact(a, signer, digest, appendedAt);
    }
    if (event instanceof RunCompleted r) {
      return run(r, signer, digest, appendedAt);
    }
    if (event instanceof EquivalenceAttested e) {
      return equivalence(e, signer, digest);
    }
    throw new IllegalArgumentException("not a graph event: " + event.getSchema().getName());
  }

  private static List<KeyValue<String, GraphOp>> artifact(
      ArtifactRegistered a, String signer, String digest, long appendedAt) {
    NodeId id = NodeId.parse(a.getNodeId());
    NodeRecord node =
        new NodeRecord(
            id.toString(),
            id.kind().name(),
            a.getKind().name(),
            a.getName(),
            a.getVersion(),
            a.getMediaType(),
            a.getSizeBytes(),
            a.getRecordCount(),
            a.getAttributes(),
            signer,
            appendedAt,
            digest,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    List<KeyValue<String, GraphOp>> ops = new ArrayList<>(2);
    ops.add(KeyValue.pair(node.id(), GraphOp.node(node)));
    ops.add(
        KeyValue.pair(
            a.getName(),
            GraphOp.name(
                a.getName(),
                new NameEntry(node.id(), a.getVersion(), appendedAt, digest, signer))));
    return ops;
  }

  private static List<KeyValue<String, GraphOp>> run(
      RunCompleted r, String signer, String digest, long appendedAt) {
    String runId = NodeId.parse(r.getRunId()).toString();
    NodeRecord node =
        new NodeRecord(
            runId,
            NodeId.Kind.RUN.name(),
            "RUN",
            r.getProcessName(),
            r.getProcessVersion(),
            null,
            null,
            null,
            r.getAttributes(),
            signer,
            appendedAt,
            digest,
            r.getProcessName(),
            r.getProcessVersion(),
            r.getConfigDigest(),
            r.getManifestDigest(),
            r.getStartedAt().toEpochMilli(),
            r.getEndedAt().toEpochMilli(),
            Map.copyOf(r.getEnvironment()));
    List<KeyValue<String, GraphOp>> ops = new ArrayList<>();
    ops.add(KeyValue.pair(runId, GraphOp.node(node)));
    EdgeRecord in = new EdgeRecord(EdgeRecord.INPUT, appendedAt, digest);
    for (String input : r.getInputs()) {
      String from = NodeId.parse(input).toString();
      ops.add(KeyValue.pair(from, GraphOp.edgeOut(from, runId, in)));
      ops.add(KeyValue.pair(runId, GraphOp.edgeIn(from, runId, in)));
    }
    EdgeRecord out = new EdgeRecord(EdgeRecord.OUTPUT, appendedAt, digest);
    for (String output : r.getOutputs()) {
      String to = NodeId.parse(output).toString();
      ops.add(KeyValue.pair(runId, GraphOp.edgeOut(runId, to, out)));
      ops.add(KeyValue.pair(to, GraphOp.edgeIn(runId, to, out)));
    }
    ops.add(
        KeyValue.pair(
            r.getProcessName(),
            GraphOp.processRun(
                GraphStores.processRunKey(
                    r.getProcessName(),
                    r.getProcessVersion(),
                    r.getEndedAt().toEpochMilli(),
                    runId),
                runId)));
    return ops;
  }

  /**
   * An equivalent verdict relates the two runs, stored under each (so each run's owner shows it); a
   * verdict of "not equivalent" is accepted and changes nothing.
   */
  private static List<KeyValue<String, GraphOp>> equivalence(
      EquivalenceAttested e, String signer, String digest) {
    if (!e.getEquivalent()) {
      return List.of();
    }
    String baseline = NodeId.parse(e.getBaselineRunId()).toString();
    String candidate = NodeId.parse(e.getCandidateRunId()).toString();
    double auc = Math.abs(e.getCandidateAuc() - e.getBaselineAuc());
    long signedAt = e.getSignedAt().toEpochMilli();
    return List.of(
        KeyValue.pair(
            baseline,
            GraphOp.equivalence(
                baseline,
                new EquivalenceRecord(
                    candidate,
                    EquivalenceRecord.CANDIDATE,
                    digest,
                    auc,
                    e.getDecisionDiffFraction(),
                    signer,
                    signedAt))),
        KeyValue.pair(
            candidate,
            GraphOp.equivalence(
                candidate,
                new EquivalenceRecord(
                    baseline,
                    EquivalenceRecord.BASELINE,
                    digest,
                    auc,
                    e.getDecisionDiffFraction(),
                    signer,
                    signedAt))));
  }
}
