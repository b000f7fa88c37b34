package dev.lineage.launcher;

import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingTriggered;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Triggers and impact reports as a person reads them; {@code --json} is for machines. */
final class ImpactText {
  private ImpactText() {}

  static void trigger(PrintWriter out, RetrainingTriggered t, String signer) {
    String model = t.getModelName() == null ? "" : t.getModelName() + " ";
    out.println(
        "trigger "
            + LineageText.shortId(t.getTriggerId())
            + "  "
            + t.getCause()
            + " "
            + t.getRequestId());
    out.println("  model     " + model + t.getModelId());
    if (t.getTrainingRunId() != null) {
      out.println("  trained   by " + t.getTrainingRunId());
    }
    out.println("  action    " + t.getAction() + "  (" + t.getDecisionRule() + ")");
    if (t.getAffectedFraction() != null) {
      out.println(
          "  affected  " + String.format("%.6f", t.getAffectedFraction()) + " of the source");
    }
    for (List<PathNode> path : t.getPaths()) {
      out.println("  path      " + path(path));
    }
    RecordSet records = t.getRecordSet();
    if (records != null) {
      out.println(
          "  records   "
              + records.getCount()
              + " record keys, list "
              + LineageText.shortId(records.getDigest())
              + " at "
              + LineageText.shortId(records.getLocation()));
    }
    if (t.getDeadline() != null) {
      out.println("  deadline  " + t.getDeadline());
    }
    out.println(
        "  signed    by " + LineageText.shortId(signer) + " at " + t.getSignedAt() + " (verified)");
    out.flush();
  }

  static void report(PrintWriter out, ImpactReport r, String signer) {
    out.println(
        "report  "
            + r.getCause()
            + " "
            + r.getRequestId()
            + ": "
            + r.getStatus()
            + ", "
            + r.getModels().size()
            + " model(s), "
            + r.getPredictions().size()
            + " prediction artifact(s) to invalidate");
    out.println("  affected  " + counts(r.getCountsByKind()));
    out.println(
        "  receipt   visited "
            + r.getReceipt().getVisited()
            + ", depth "
            + r.getReceipt().getDepthReached()
            + (r.getReceipt().getTruncated() ? ", TRUNCATED" : ", nothing cut"));
    out.println(
        "  signed    by " + LineageText.shortId(signer) + " at " + r.getSignedAt() + " (verified)");
    out.flush();
  }

  static String path(List<PathNode> path) {
    StringBuilder s = new StringBuilder();
    for (PathNode n : path) {
      if (!s.isEmpty()) {
        s.append(" → ");
      }
      // a run is known by its id (its name is its process's); an artifact by its name
      boolean named = n.getName() != null && !n.getId().startsWith("run:");
      s.append(named ? n.getName() : LineageText.shortId(n.getId()));
    }
    return s.toString();
  }

  private static String counts(Map<String, Long> byKind) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(byKind)
        .forEach((kind, n) -> s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(kind));
    return s.isEmpty() ? "nothing" : s.toString();
  }
}
