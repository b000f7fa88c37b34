package dev.lineage.tlog.note;

/** Checks signature lines of one key (c2sp.org/signed-note, "Signatures"). */
public interface NoteVerifier {
  String name();

  int keyId();

  /** Whether {@code signature} (without the 4-byte key ID) is valid over the note text. */
  boolean verify(byte[] text, byte[] signature);

  /** This key as a vkey string, {@code <name>+<hex key ID>+<base64(type || public key)>}. */
  String vkey();
}
