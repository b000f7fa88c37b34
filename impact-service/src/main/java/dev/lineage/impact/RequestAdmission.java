package dev.lineage.impact;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.id.NodeId;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.Reason;
import dev.lineage.trust.Verdict;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a verified record of a request topic into a request, or a refusal: an accepted event must
 * also be usable as a request (an id that can key a store and a URL, and, for a deletion, a subject
 * that is a node id). An accepted record goes on with its signed id; a refused one carries the why
 * in its headers ({@link RejectedHeaders}), for {@code lineage.rejected}. Runs after parking, so a
 * record accepted late gets the same checks as one accepted at once.
 */
final class RequestAdmission implements Processor<byte[], Checked, byte[], CheckedRequest> {
  /** Ids end up in store keys, URLs and logs: short, no control characters. */
  static final int MAX_ID_LENGTH = 200;

  private static final Logger log = LoggerFactory.getLogger(RequestAdmission.class);

  private ProcessorContext<byte[], CheckedRequest> context;

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
      try {
        String id = checked(verdict);
        context.forward(record.withValue(new CheckedRequest(id, c.rawValue())));
        return;
      } catch (MutableReferenceException e) {
        reason = Reason.MUTABLE_REFERENCE;
        detail = e.getMessage();
      } catch (InvalidIdException e) {
        reason = Reason.INVALID_ID;
        detail = e.getMessage();
      } catch (IllegalArgumentException e) {
        reason = Reason.MALFORMED;
        detail = e.getMessage();
      }
    } else {
      reason = verdict.rejection().reason();
      detail = verdict.rejection().detail();
    }
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

  /** The request's id, after checking what the analysis relies on. */
  private static String checked(Verdict verdict) {
    if (verdict.event() instanceof DeletionRequested d) {
      requestId("requestId", d.getRequestId());
      try {
        NodeId.parse(d.getSubject());
      } catch (MutableReferenceException e) {
        throw new MutableReferenceException("subject names an image by tag");
      } catch (InvalidIdException e) {
        throw new InvalidIdException("subject is not a valid node id");
      }
      if (d.getRecordSet().getCount() < 0) {
        throw new IllegalArgumentException("recordSet.count is negative");
      }
      return d.getRequestId();
    }
    BugReported b = (BugReported) verdict.event();
    requestId("reportId", b.getReportId());
    requestId("processName", b.getProcessName());
    if (!b.getWindowEnd().isAfter(b.getWindowStart())) {
      throw new IllegalArgumentException("windowEnd is not after windowStart");
    }
    return b.getReportId();
  }

  /** Message names the field, never quotes the value: details stay on a topic for 30 days. */
  private static void requestId(String field, String value) {
    if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
      throw new InvalidIdException(field + " is empty or longer than " + MAX_ID_LENGTH);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidIdException(field + " holds a control character");
      }
    }
  }
}
