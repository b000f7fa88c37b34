package dev.lineage.impact;

import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.RecordSet;
import dev.lineage.impact.graphclient.GraphRequestException;
import dev.lineage.impact.graphclient.GraphUnavailableException;
import dev.lineage.impact.graphclient.LineageGraph;
import dev.lineage.rules.EventRulebook;
import dev.lineage.rules.Strictness;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.Verifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs the code of a request's path before the service says it is ready, so the first requests do
 * not meet an interpreter: a fresh service handled fewer than 20 requests/s for its first seconds
 * while the JIT compiled, and requests of those seconds waited up to ~2.5 s (docs/benchmarks.md).
 *
 * <p>It touches no topic and no store: each round signs a deletion request with a throwaway key,
 * encodes, decodes, verifies and checks it by the rulebook as the verification does, and asks
 * lineage-streams for the downstream closure of a node that does not exist (the HTTP client, the
 * server's interactive-query path and both sides' JSON) and whether it has folded what was appended
 * up to a moment ago (the read-after-write barrier every request asks first: lineage-streams'
 * offset questions to the cluster and the broker's answers). Both questions only read; a barrier
 * met is a true fact about the past. Stops at the round or time budget, or when lineage-streams
 * cannot answer (then the rounds done so far are what it warmed).
 */
public final class Warmup {
  /** Rounds enough for the JIT's tier-3 and most tier-4 compilations of the path. */
  static final int ROUNDS = 300;

  /** What was done: rounds, closures and barriers asked, how long it took. */
  public record Report(int rounds, int closures, int barriers, Duration took) {}

  private Warmup() {}

  static Report run(LineageGraph graph, Duration budget) {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    Signer throwaway = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Verifier verifier = new Verifier(List.of(throwaway.publicKey()));
    boolean ask = true;
    int rounds = 0;
    int closures = 0;
    int barriers = 0;
    while (rounds < ROUNDS && System.nanoTime() < deadline) {
      byte[] value =
          throwawayRequest("warmup-" + rounds, "source:lineage-warmup-" + rounds, throwaway);
      if (!verifier.verify(AvroEnvelopes.fromRecordValue(value)).verified()) {
        throw new IllegalStateException("the warm-up's own signature did not verify");
      }
      DeletionRequested decoded =
          EventType.DELETION_REQUESTED.decode(EnvelopeCodec.standard().decode(value));
      EventRulebook.firstViolation(decoded, Strictness.ACCEPT);
      if (ask) {
        try {
          graph.downstreamClosure(List.of(decoded.getSubject()));
          closures++;
          // a time already past: a time ahead of lineage-streams' clock is answered "not yet"
          // without the offset questions this is here to warm
          graph.foldedBefore(System.currentTimeMillis() - 1);
          barriers++;
        } catch (GraphUnavailableException | GraphRequestException e) {
          ask = false;
        }
      }
      rounds++;
    }
    return new Report(rounds, closures, barriers, Duration.ofNanos(System.nanoTime() - start));
  }

  /** A deletion request of the warm-ups: a made-up subject, a made-up record list, signed. */
  static byte[] throwawayRequest(String requestId, String subject, Signer signer) {
    DeletionRequested request =
        DeletionRequested.newBuilder()
            .setRequestId(requestId)
            .setSubject(subject)
            .setRecordSet(
                new RecordSet("sha256:" + "0".repeat(64), 1L, "cas:sha256:" + "0".repeat(64), true))
            .setDeadline(Instant.now().plus(Duration.ofDays(1)))
            .setSignedAt(Instant.now())
            .build();
    return AvroEnvelopes.sign(EventType.DELETION_REQUESTED, request, signer);
  }
}
