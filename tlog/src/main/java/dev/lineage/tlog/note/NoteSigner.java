package dev.lineage.tlog.note;

/** Produces signature lines for signed notes (c2sp.org/signed-note, "Signatures"). */
public interface NoteSigner {
  /** The key name written in the signature line. */
  String name();

  /** The 32-bit key ID that prefixes the signature bytes. */
  int keyId();

  /** The signature bytes over the note text (without the 4-byte key ID). */
  byte[] sign(byte[] text);
}
