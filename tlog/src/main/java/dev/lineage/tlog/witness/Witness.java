package dev.lineage.tlog.witness;

import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.SignedCheckpoint;
import dev.lineage.tlog.merkle.InvalidProofException;
import dev.lineage.tlog.merkle.ProofVerifier;
import dev.lineage.tlog.merkle.Rfc6962;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.NoteSignature;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.tlog.witness.WitnessException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A witness (c2sp.org/tlog-witness, "add-checkpoint"), as pure logic: it remembers the last
 * checkpoint it cosigned per log, and cosigns a new one only when it is signed by the log and
 * provably extends that one. A rolled-back, forked or rewritten log is refused with the reason and
 * the HTTP status the spec prescribes. Checking and recording happen under one lock, so two
 * concurrent requests cannot roll the state back.
 */
public final class Witness {
  private final CosignatureV1Signer cosigner;
  private final Map<String, List<NoteVerifier>> logKeysByOrigin;
  private final WitnessState state;

  public Witness(
      CosignatureV1Signer cosigner,
      Map<String, List<NoteVerifier>> logKeysByOrigin,
      WitnessState state) {
    this.cosigner = cosigner;
    this.logKeysByOrigin = Map.copyOf(logKeysByOrigin);
    this.state = state;
  }

  public Optional<TreeHead> latest(String origin) {
    return state.get(origin);
  }

  /** Parses an add-checkpoint body and handles it; the answer is {@code cosignature.line()}. */
  public NoteSignature addCheckpoint(String requestBody) throws WitnessException {
    return addCheckpoint(AddCheckpointRequest.parse(requestBody));
  }

  public synchronized NoteSignature addCheckpoint(AddCheckpointRequest request)
      throws WitnessException {
    SignedNote note = request.checkpoint();
    String origin = note.text().substring(0, note.text().indexOf('\n'));
    List<NoteVerifier> keys = logKeysByOrigin.get(origin);
    if (keys == null) {
      throw new WitnessException(
          Reason.UNKNOWN_ORIGIN, "this witness does not follow the log \"" + origin + "\"");
    }
    SignedCheckpoint signed;
    try {
      signed = Checkpoint.open(note, keys);
    } catch (NoteVerificationException e) {
      throw new WitnessException(
          e.reason() == NoteVerificationException.Reason.MALFORMED
              ? Reason.MALFORMED
              : Reason.UNTRUSTED_SIGNATURE,
          e.getMessage());
    }
    Checkpoint cp = signed.checkpoint();
    TreeHead latest = state.get(origin).orElse(new TreeHead(0, Rfc6962.EMPTY_ROOT));
    long oldSize = request.oldSize();

    if (cp.size() < latest.size()) {
      throw new WitnessException(
          Reason.ROLLBACK,
          oldSize > cp.size() ? 400 : 409,
          "checkpoint size "
              + cp.size()
              + " is below size "
              + latest.size()
              + " already cosigned for "
              + origin
              + ": the log rolled back",
          OptionalLong.of(latest.size()));
    }
    if (oldSize > cp.size()) {
      throw new WitnessException(
          Reason.OLD_SIZE_AHEAD,
          "old size " + oldSize + " is larger than the checkpoint size " + cp.size());
    }
    if (oldSize != latest.size()) {
      throw new WitnessException(
          Reason.OLD_SIZE_MISMATCH,
          Reason.OLD_SIZE_MISMATCH.httpStatus(),
          "old size " + oldSize + " is not the last cosigned size " + latest.size(),
          OptionalLong.of(latest.size()));
    }
    if (cp.size() == 0 && !cp.root().equals(Rfc6962.EMPTY_ROOT)) {
      throw new WitnessException(
          Reason.BAD_EMPTY_ROOT,
          "a checkpoint of size 0 must have the empty tree's root " + Rfc6962.EMPTY_ROOT);
    }
    if ((oldSize == 0 || oldSize == cp.size()) && !request.proof().isEmpty()) {
      throw new WitnessException(
          Reason.UNEXPECTED_PROOF,
          "a consistency proof from size "
              + oldSize
              + " to "
              + cp.size()
              + " is empty, got "
              + request.proof().size()
              + " hash(es)");
    }
    if (oldSize == cp.size() && oldSize > 0 && !cp.root().equals(latest.root())) {
      throw new WitnessException(
          Reason.FORK_SAME_SIZE,
          "checkpoint of size "
              + cp.size()
              + " has root "
              + cp.root()
              + " but the one cosigned at that size has root "
              + latest.root()
              + ": the log forked");
    }
    if (oldSize > 0 && oldSize < cp.size()) {
      try {
        ProofVerifier.verifyConsistency(
            oldSize, cp.size(), request.proof(), latest.root(), cp.root());
      } catch (InvalidProofException e) {
        throw new WitnessException(
            Reason.INCONSISTENT,
            "checkpoint of size "
                + cp.size()
                + " is not proven consistent with the cosigned size "
                + oldSize
                + " ("
                + e.reason()
                + "): "
                + e.getMessage());
      }
    }
    try {
      state.put(origin, new TreeHead(cp.size(), cp.root()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist the witness state before cosigning", e);
    }
    return cosign(note.text());
  }

  private NoteSignature cosign(String checkpointText) {
    byte[] sig = cosigner.sign(checkpointText.getBytes(StandardCharsets.UTF_8));
    return new NoteSignature(cosigner.name(), cosigner.keyId(), sig);
  }
}
