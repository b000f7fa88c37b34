package dev.lineage.impact;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.rules.EventRulebook;
import dev.lineage.rules.Strictness;
import dev.lineage.rules.Violation;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.Reason;
import dev.lineage.trust.Verdict;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a verified record of a request topic into a request, or a refusal: an accepted event must
 * also be usable as a request, by the readers' rules ({@link EventRulebook} at {@link
 * Strictness#ACCEPT}: an id that can key a store and a URL, and, for a deletion, a subject that is
 * a node id). An accepted record goes on with its signed id; a refused one carries the why in its
 * headers ({@link RejectedHeaders}), for {@code lineage.rejected}. Runs after parking, so a record
 * accepted late gets the same checks as one accepted at once.
 */
final class RequestAdmission implements Processor<byte[], Checked, byte[], CheckedRequest> {
  private static final Logger log = LoggerFactory.getLogger(RequestAdmission.class);

  private final EventMetrics metrics;
  private ProcessorContext<byte[], CheckedRequest> context;

  RequestAdmission(EventMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], CheckedRequest> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], Checked> record) {
    Checked c = record.value();
    Verdict verdict = c.verdict();
    Reason reason;
    String detail;
    if (verdict.accepted()) {
      // the verifier applied the same rulebook; asked again so no request reaches the analysis
      // without it, whoever built the verdict
      Optional<Violation> invalid =
          EventRulebook.firstViolation(verdict.event(), Strictness.ACCEPT);
      if (invalid.isEmpty()) {
        metrics.verified(c.topic()).increment();
        context.forward(record.withValue(new CheckedRequest(idOf(verdict), c.rawValue())));
        return;
      }
      reason = invalid.get().code();
      detail = invalid.get().detail();
    } else {
      reason = verdict.rejection().reason();
      detail = verdict.rejection().detail();
    }
    metrics.rejected(reason);
    log.warn(
        "request at {}-{}@{} refused: {} ({})",
        c.topic(),
        c.partition(),
        c.offset(),
        reason,
        detail);
    context.forward(
        record
            .withValue(new CheckedRequest(null, c.rawValue()))
            .withHeaders(
                RejectedHeaders.of(
                    record.headers(), reason, detail, c.topic(), c.partition(), c.offset())));
  }

  /** The request's id: its store key, URL segment and record key. */
  private static String idOf(Verdict verdict) {
    return verdict.event() instanceof DeletionRequested d
        ? d.getRequestId()
        : ((BugReported) verdict.event()).getReportId();
  }
}
