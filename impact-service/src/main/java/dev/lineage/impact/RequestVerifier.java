package dev.lineage.impact;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.Role;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.id.NodeId;
import dev.lineage.schemas.EventType;
import dev.lineage.streams.RejectedHeaders;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.Reasons;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one record of a request topic: signed by a key that held one of the topic's roles at the
 * signed time (the keyring decides, {@link EventVerifier}), and usable as a request: an id that can
 * key a store and a URL, and, for a deletion, a subject that is a node id. An accepted record goes
 * on with its signed id; a refused one carries the why in its headers ({@link RejectedHeaders}),
 * for {@code lineage.rejected}. Only what the signature covers counts: the record key is never
 * read.
 */
final class RequestVerifier implements Processor<byte[], byte[], byte[], CheckedRequest> {
  /** Ids end up in store keys, URLs and logs: short, no control characters. */
  static final int MAX_ID_LENGTH = 200;

  private static final Logger log = LoggerFactory.getLogger(RequestVerifier.class);

  private final TrustAnchors roots;
  private final EventType<?> type;
  private final Set<Role> roles;
  private ProcessorContext<byte[], CheckedRequest> context;
  private EventVerifier verifier;

  RequestVerifier(TrustAnchors roots, EventType<?> type, Set<Role> roles) {
    this.roots = roots;
    this.type = type;
    this.roles = roles;
  }

  @Override
  public void init(ProcessorContext<byte[], CheckedRequest> context) {
    this.context = context;
    ReadOnlyKeyValueStore<String, KeyringEntry> keyring = context.getStateStore(KeyringStore.STORE);
    this.verifier = new EventVerifier(new Keyring(roots, new KeyringStore(keyring)));
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Verdict verdict = verifier.verify(List.of(type), roles, record.value());
    String reason;
    String detail;
    if (verdict.accepted()) {
      try {
        String id = checked(verdict);
        context.forward(record.withValue(new CheckedRequest(id, record.value())));
        return;
      } catch (MutableReferenceException e) {
        reason = Reasons.MUTABLE_REFERENCE;
        detail = e.getMessage();
      } catch (InvalidIdException e) {
        reason = Reasons.INVALID_ID;
        detail = e.getMessage();
      } catch (IllegalArgumentException e) {
        reason = Reasons.MALFORMED;
        detail = e.getMessage();
      }
    } else {
      reason = verdict.rejection().reason();
      detail = verdict.rejection().detail();
    }
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    log.warn(
        "{} at {}-{}@{} refused: {} ({})",
        type.name(),
        meta.topic(),
        meta.partition(),
        meta.offset(),
        reason,
        detail);
    context.forward(
        record
            .withValue(new CheckedRequest(null, record.value()))
            .withHeaders(
                RejectedHeaders.of(
                    record.headers(),
                    reason,
                    detail,
                    meta.topic(),
                    meta.partition(),
                    meta.offset())));
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
