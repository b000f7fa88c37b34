package dev.lineage.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Ed25519 checkpoint cosignatures, type 0x04 (c2sp.org/tlog-cosignature, "Format" and "Ed25519
 * signed message"). The signed message is {@code "cosignature/v1\ntime <secs>\n"} followed by the
 * whole checkpoint body; the signature bytes are {@code timestamp (u64, big-endian) || Ed25519
 * signature}. A cosigner key must not be reused for a different cosigner: the message does not
 * commit to the cosigner's name.
 */
public final class CosignatureV1Signer implements NoteSigner {
  private final String name;
  private final Ed25519KeyPair key;
  private final Clock clock;
  private final int keyId;

  public CosignatureV1Signer(String name, Ed25519KeyPair key, Clock clock) {
    this.name = name;
    this.key = key;
    this.clock = clock;
    this.keyId = KeyIds.keyId(name, KeyIds.COSIGNATURE_V1, key.publicKey());
  }

  /** The message a cosignature at {@code timestamp} signs over a checkpoint body. */
  public static byte[] signedMessage(long timestamp, byte[] checkpointBody) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must be in 0..2^63-1, got " + timestamp);
    }
    byte[] header =
        ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(header.length + checkpointBody.length)
        .put(header)
        .put(checkpointBody)
        .array();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyId() {
    return keyId;
  }

  /** Signs with the clock's current time, in whole seconds since the epoch. */
  @Override
  public byte[] sign(byte[] checkpointBody) {
    long timestamp = clock.instant().getEpochSecond();
    if (timestamp <= 0) {
      // tlog-witness: "the timestamp MUST NOT be zero"
      throw new IllegalStateException("clock reads " + clock.instant() + ", before the epoch");
    }
    byte[] sig = key.sign(signedMessage(timestamp, checkpointBody));
    return ByteBuffer.allocate(8 + sig.length).putLong(timestamp).put(sig).array();
  }

  public CosignatureV1Verifier verifier() {
    return new CosignatureV1Verifier(name, key.publicKey());
  }
}
