package dev.lineage.tlog.note;

import java.util.List;

/**
 * A note whose signatures were checked: {@code verified} by known keys, {@code unverified} by keys
 * the verifier did not know (ignored, as c2sp.org/signed-note requires, but kept so a log can pass
 * on witness cosignatures it cannot check itself).
 */
public record VerifiedNote(
    SignedNote note, List<NoteSignature> verified, List<NoteSignature> unverified) {
  public VerifiedNote {
    verified = List.copyOf(verified);
    unverified = List.copyOf(unverified);
  }

  public String text() {
    return note.text();
  }
}
