package dev.lineage.tlog.note;

import dev.lineage.tlog.note.NoteVerificationException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed note (c2sp.org/signed-note, "Format"): UTF-8 text ending in a newline, a blank line,
 * then one or more signature lines. The text includes its final newline; the last blank line
 * separates it from the signatures.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  /** More than the 16 the spec requires verifiers to accept, few enough to bound the work. */
  public static final int MAX_SIGNATURES = 100;

  public SignedNote {
    checkText(text);
    signatures = List.copyOf(signatures);
    if (signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "a note carries at most " + MAX_SIGNATURES + " signatures, got " + signatures.size());
    }
  }

  /** Signs {@code text} with each signer. */
  public static SignedNote sign(String text, List<? extends NoteSigner> signers) {
    checkText(text);
    List<NoteSignature> sigs = new ArrayList<>();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (NoteSigner s : signers) {
      sigs.add(new NoteSignature(s.name(), s.keyId(), s.sign(bytes)));
    }
    return new SignedNote(text, sigs);
  }

  /** This note with {@code signer}'s signature added (e.g. a witness cosignature). */
  public SignedNote plus(NoteSignature signature) {
    List<NoteSignature> sigs = new ArrayList<>(signatures);
    sigs.add(signature);
    return new SignedNote(text, sigs);
  }

  /** The note as it travels: text, blank line, signature lines. */
  public String format() {
    StringBuilder sb = new StringBuilder(text).append('\n');
    signatures.forEach(s -> sb.append(s.line()));
    return sb.toString();
  }

  public byte[] textBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Parses bytes that must be valid UTF-8. */
  public static SignedNote parse(byte[] note) throws NoteVerificationException {
    try {
      return parse(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(note))
              .toString());
    } catch (CharacterCodingException e) {
      throw malformed("the note is not valid UTF-8");
    }
  }

  public static SignedNote parse(String note) throws NoteVerificationException {
    if (!note.endsWith("\n")) {
      throw malformed("the note does not end with a newline");
    }
    int sep = note.lastIndexOf("\n\n");
    if (sep < 0) {
      throw malformed("the note has no blank line before its signatures");
    }
    String text = note.substring(0, sep + 1);
    try {
      checkText(text);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    String sigBlock = note.substring(sep + 2);
    if (sigBlock.isEmpty()) {
      throw malformed("the note has no signature lines");
    }
    String[] lines = sigBlock.substring(0, sigBlock.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed("the note has more than " + MAX_SIGNATURES + " signatures");
    }
    List<NoteSignature> sigs = new ArrayList<>();
    for (String line : lines) {
      sigs.add(parseSignatureLine(line));
    }
    return new SignedNote(text, sigs);
  }

  /** Parses one signature line (without its newline). */
  public static NoteSignature parseSignatureLine(String line) throws NoteVerificationException {
    if (!line.startsWith(NoteSignature.PREFIX)) {
      throw malformed("signature line \"" + line + "\" does not start with an em dash and a space");
    }
    String rest = line.substring(NoteSignature.PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw malformed("signature line \"" + line + "\" has no space between name and signature");
    }
    String name = rest.substring(0, space);
    String b64 = rest.substring(space + 1);
    if (!KeyIds.isValidName(name)) {
      throw malformed("signature line \"" + line + "\" has an invalid key name");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw malformed("signature line \"" + line + "\" is not base64");
    }
    if (!Base64.getEncoder().encodeToString(all).equals(b64)) {
      // unused trailing bits would let two spellings carry one signature
      throw malformed("signature line \"" + line + "\" is not canonical base64");
    }
    if (all.length < 5) {
      throw malformed("signature line \"" + line + "\" is shorter than a key ID and a signature");
    }
    int keyId = ByteBuffer.wrap(all, 0, 4).getInt();
    return new NoteSignature(name, keyId, Arrays.copyOfRange(all, 4, all.length));
  }

  /**
   * Checks the signatures against known keys: signatures by unknown keys are ignored, every
   * signature by a known key must verify, and at least one must.
   */
  public VerifiedNote verify(Collection<? extends NoteVerifier> known)
      throws NoteVerificationException {
    Map<String, NoteVerifier> byKey = new HashMap<>();
    for (NoteVerifier v : known) {
      String label = v.name() + "+" + KeyIds.hex(v.keyId());
      NoteVerifier previous = byKey.putIfAbsent(label, v);
      if (previous != null && !previous.vkey().equals(v.vkey())) {
        // the same key configured twice is harmless; two keys behind one label are ambiguous
        throw new IllegalArgumentException("two different keys share the key name and ID " + label);
      }
    }
    byte[] bytes = textBytes();
    List<NoteSignature> verified = new ArrayList<>();
    List<NoteSignature> unverified = new ArrayList<>();
    for (NoteSignature s : signatures) {
      NoteVerifier v = byKey.get(s.keyLabel());
      if (v == null) {
        unverified.add(s);
      } else if (v.verify(bytes, s.signature())) {
        if (!verified.contains(s)) {
          verified.add(s);
        }
      } else {
        throw new NoteVerificationException(
            Reason.INVALID_SIGNATURE, "invalid signature for key " + s.keyLabel());
      }
    }
    if (verified.isEmpty()) {
      throw new NoteVerificationException(
          Reason.NO_KNOWN_SIGNATURE,
          "no signature by a known key ("
              + String.join(", ", byKey.keySet())
              + "); signed by "
              + String.join(", ", signatures.stream().map(NoteSignature::keyLabel).toList()));
    }
    return new VerifiedNote(this, verified, unverified);
  }

  private static void checkText(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must be non-empty and end with a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException(
            String.format("note text holds control character U+%04X at offset %d", (int) c, i));
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(++i)))) {
        throw new IllegalArgumentException("note text is not valid Unicode at offset " + i);
      }
    }
  }

  private static NoteVerificationException malformed(String why) {
    return new NoteVerificationException(Reason.MALFORMED, "malformed note: " + why);
  }
}
