package dev.lineage.tlog.checkpoint;

import dev.lineage.tlog.checkpoint.TlogProofException.Reason;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.InvalidProofException;
import dev.lineage.tlog.merkle.ProofVerifier;
import dev.lineage.tlog.note.NoteSignature;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.SignedNote;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An offline-verifiable proof that an entry is in a log (c2sp.org/tlog-proof, "Format"):
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * [extra &lt;base64&gt;]
 * index &lt;decimal&gt;
 * &lt;base64 hash&gt;          (zero or more: the inclusion proof, leaf's sibling first)
 *
 * &lt;the signed checkpoint, verbatim, cosignatures included&gt;
 * </pre>
 *
 * This is the body of {@code GET /v1/log/proof} and the per-envelope proof of an evidence bundle.
 */
public record TlogProof(
    Optional<String> extraBase64, long index, List<Hash> inclusionProof, SignedNote checkpoint) {
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  public TlogProof {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
    inclusionProof = List.copyOf(inclusionProof);
    extraBase64.ifPresent(e -> Base64.getDecoder().decode(e));
  }

  public TlogProof(long index, List<Hash> inclusionProof, SignedNote checkpoint) {
    this(Optional.empty(), index, inclusionProof, checkpoint);
  }

  /** The opaque, unauthenticated extra data, if any. */
  public Optional<byte[]> extra() {
    return extraBase64.map(Base64.getDecoder()::decode);
  }

  public String format() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    extraBase64.ifPresent(e -> sb.append("extra ").append(e).append('\n'));
    sb.append("index ").append(index).append('\n');
    inclusionProof.forEach(h -> sb.append(h.base64()).append('\n'));
    sb.append('\n').append(checkpoint.format());
    return sb.toString();
  }

  public static TlogProof parse(String text) throws TlogProofException {
    try {
      int pos = 0;
      String[] first = nextLine(text, pos);
      if (!first[0].equals(HEADER)) {
        throw new IllegalArgumentException("first line is not " + HEADER);
      }
      pos = Integer.parseInt(first[1]);
      String[] line = nextLine(text, pos);
      Optional<String> extra = Optional.empty();
      if (line[0].startsWith("extra ")) {
        String e = line[0].substring("extra ".length());
        Base64.getDecoder().decode(e);
        extra = Optional.of(e);
        pos = Integer.parseInt(line[1]);
        line = nextLine(text, pos);
      }
      long index = TextLines.decimalAfter("index ", line[0]);
      pos = Integer.parseInt(line[1]);
      List<Hash> hashes = new ArrayList<>();
      int lineNumber = extra.isPresent() ? 4 : 3;
      while (true) {
        line = nextLine(text, pos);
        pos = Integer.parseInt(line[1]);
        if (line[0].isEmpty()) {
          break;
        }
        hashes.add(TextLines.hash(line[0], lineNumber++));
        if (hashes.size() > 63) {
          throw new IllegalArgumentException("an inclusion proof has at most 63 hashes");
        }
      }
      return new TlogProof(extra, index, hashes, SignedNote.parse(text.substring(pos)));
    } catch (IllegalArgumentException | NoteVerificationException e) {
      throw new TlogProofException(Reason.MALFORMED, "malformed tlog proof: " + e.getMessage());
    }
  }

  /** {line, offset after its newline}; refuses a text that ends without one. */
  private static String[] nextLine(String text, int pos) {
    int nl = text.indexOf('\n', pos);
    if (nl < 0) {
      throw new IllegalArgumentException("text ends before the checkpoint");
    }
    return new String[] {text.substring(pos, nl), Integer.toString(nl + 1)};
  }

  /**
   * Verifies the proof for the entry whose leaf hash is {@code leafHash}, following
   * c2sp.org/tlog-proof "Verifying a tlog proof": origin and log signature, then the known
   * witnesses' cosignatures against the quorum, then inclusion.
   *
   * @return the verified checkpoint
   */
  public SignedCheckpoint verify(Hash leafHash, LogPolicy policy) throws TlogProofException {
    SignedCheckpoint cp;
    try {
      cp = Checkpoint.open(checkpoint, policy.logKeys());
    } catch (NoteVerificationException e) {
      throw new TlogProofException(
          e.reason() == NoteVerificationException.Reason.MALFORMED
              ? Reason.MALFORMED
              : Reason.LOG_SIGNATURE,
          "checkpoint: " + e.getMessage());
    }
    if (!cp.checkpoint().origin().equals(policy.origin())) {
      throw new TlogProofException(
          Reason.WRONG_ORIGIN,
          "checkpoint origin is \""
              + cp.checkpoint().origin()
              + "\", expected \""
              + policy.origin()
              + "\"");
    }
    Set<String> cosigners = verifyCosignatures(policy.witnesses());
    if (cosigners.size() < policy.quorum()) {
      throw new TlogProofException(
          Reason.TOO_FEW_COSIGNATURES,
          cosigners.size()
              + " of the "
              + policy.witnesses().size()
              + " known witnesses cosigned"
              + (cosigners.isEmpty() ? "" : " (" + String.join(", ", cosigners) + ")")
              + ", the policy requires "
              + policy.quorum());
    }
    try {
      ProofVerifier.verifyInclusion(
          index, cp.checkpoint().size(), leafHash, inclusionProof, cp.checkpoint().root());
    } catch (InvalidProofException e) {
      throw new TlogProofException(
          Reason.INCLUSION, "inclusion proof (" + e.reason() + "): " + e.getMessage());
    }
    return cp;
  }

  /** The names of the known witnesses with a valid cosignature; refuses an invalid one. */
  private Set<String> verifyCosignatures(List<NoteVerifier> witnesses) throws TlogProofException {
    Set<String> ok = new LinkedHashSet<>();
    byte[] text = checkpoint.textBytes();
    for (NoteSignature s : checkpoint.signatures()) {
      for (NoteVerifier w : witnesses) {
        if (w.name().equals(s.name()) && w.keyId() == s.keyId()) {
          if (!w.verify(text, s.signature())) {
            throw new TlogProofException(
                Reason.INVALID_COSIGNATURE, "invalid cosignature by " + s.keyLabel());
          }
          ok.add(s.keyLabel());
        }
      }
    }
    return ok;
  }
}
