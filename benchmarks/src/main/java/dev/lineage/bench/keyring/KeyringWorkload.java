package dev.lineage.bench.keyring;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.avro.Signature;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseSignature;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.Decision;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.KeyLog;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The records of the keyring benchmark, all signed before any clock runs, and the loops the clock
 * runs over. An attacker who holds no granted key publishes junk on the keys topic, each record a
 * well-formed grant of a fresh key signed by that key, and events signed by keys nobody granted;
 * some junk signatures carry a keyid naming the root or the granted producer, so the keyring checks
 * them against a key it holds, and they fail. The granted producer publishes valid events, each a
 * distinct envelope (its own node id and time), so no cache of verified envelopes can answer for
 * one.
 */
final class KeyringWorkload {
  /** When the root granted the producer; every other record is appended after it. */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static final List<EventType<?>> ARTIFACTS = List.of(EventType.ARTIFACT_REGISTERED);
  static final Set<Role> PRODUCER = Set.of(Role.PRODUCER);

  /**
   * The key a junk grant's signature names in its keyid: the signature is always by a fresh key.
   */
  enum Hint {
    OWN_KEY("keyid: its own fresh key"),
    ROOT("keyid: the root"),
    PRODUCER("keyid: the granted producer");

    final String label;

    Hint(String label) {
      this.label = label;
    }
  }

  /**
   * How many records of each kind.
   *
   * @param junkGrants all junk grants, whatever their hint
   * @param namingRoot how many of them name the root in their keyid
   * @param namingProducer how many of them name the granted producer in their keyid
   * @param unknownKeyEvents events signed by fresh keys nobody granted
   * @param validEvents events signed by the granted producer
   */
  record Sizes(
      int junkGrants, int namingRoot, int namingProducer, int unknownKeyEvents, int validEvents) {
    Sizes {
      if (junkGrants < 0
          || namingRoot < 0
          || namingProducer < 0
          || unknownKeyEvents < 0
          || validEvents < 1) {
        throw new IllegalArgumentException("counts are not negative, and there is a valid event");
      }
      if (namingRoot + namingProducer > junkGrants) {
        throw new IllegalArgumentException(
            "the junk grants naming the root or the producer are part of the junk grants");
      }
    }

    int count(Hint hint) {
      return switch (hint) {
        case OWN_KEY -> junkGrants - namingRoot - namingProducer;
        case ROOT -> namingRoot;
        case PRODUCER -> namingProducer;
      };
    }
  }

  /** A record value and the broker's append time: the moment it says it was signed. */
  record Appended(byte[] value, long appendedAt) {}

  /** A junk grant and the fresh key it grants. */
  record JunkGrant(Appended record, String grantedKeyId) {}

  final Sizes sizes;
  final Signer root;
  final Signer producer;
  final Appended producerGrant;
  final Map<Hint, List<JunkGrant>> junkGrants;
  final List<Appended> unknownKeyEvents;
  final List<Appended> validEvents;

  private KeyringWorkload(
      Sizes sizes,
      Signer root,
      Signer producer,
      Appended producerGrant,
      Map<Hint, List<JunkGrant>> junkGrants,
      List<Appended> unknownKeyEvents,
      List<Appended> validEvents) {
    this.sizes = sizes;
    this.root = root;
    this.producer = producer;
    this.producerGrant = producerGrant;
    this.junkGrants = junkGrants;
    this.unknownKeyEvents = unknownKeyEvents;
    this.validEvents = validEvents;
  }

  /**
   * Signs every record (in parallel: nothing here is timed). Every key is P-256, the default: a
   * fresh key per junk grant and per unknown-key event, as an attacker would mint them.
   */
  static KeyringWorkload generate(Sizes sizes) {
    Signer root = freshSigner();
    Signer producer = freshSigner();
    Appended producerGrant =
        new Appended(
            AvroEnvelopes.sign(
                EventType.KEY_GRANTED,
                Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0),
                root),
            T0.toEpochMilli());
    Map<Hint, List<JunkGrant>> junk = new EnumMap<>(Hint.class);
    int offset = 0;
    for (Hint hint : Hint.values()) {
      int first = offset;
      String keyid =
          switch (hint) {
            case OWN_KEY -> null;
            case ROOT -> root.keyId();
            case PRODUCER -> producer.keyId();
          };
      junk.put(
          hint,
          IntStream.range(0, sizes.count(hint))
              .parallel()
              .mapToObj(i -> junkGrant(keyid, T0.plusMillis(1_000 + first + i)))
              .toList());
      offset += sizes.count(hint);
    }
    int firstEvent = 1_000 + offset;
    List<Appended> unknown =
        IntStream.range(0, sizes.unknownKeyEvents())
            .parallel()
            .mapToObj(i -> event(i, T0.plusMillis(firstEvent + i), freshSigner()))
            .toList();
    int firstValid = firstEvent + sizes.unknownKeyEvents();
    List<Appended> valid =
        IntStream.range(0, sizes.validEvents())
            .parallel()
            .mapToObj(i -> event(i, T0.plusMillis(firstValid + i), producer))
            .toList();
    return new KeyringWorkload(sizes, root, producer, producerGrant, junk, unknown, valid);
  }

  /** A key log holding the root's grant of {@code PRODUCER} to the producer, and nothing else. */
  KeyLog freshKeyLog() {
    KeyLog log = new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
    Decision granted = log.add(producerGrant.value(), producerGrant.appendedAt());
    if (!granted.accepted()) {
      throw new IllegalStateException("the root's grant of the producer was refused: " + granted);
    }
    return log;
  }

  static EventVerifier verifier(KeyLog log) {
    return new EventVerifier(log.keyring(), ClockSkew.defaults());
  }

  /** Offers the junk grants of one hint to {@code log}: the decisions counted by reason. */
  static Tally admit(List<JunkGrant> grants, KeyLog log) {
    Tally tally = new Tally();
    for (JunkGrant g : grants) {
      Decision d = log.add(g.record().value(), g.record().appendedAt());
      tally.add(d instanceof Decision.Rejected r ? r.reason().wire() : Tally.ACCEPTED);
    }
    return tally;
  }

  /** Verifies events as the artifacts topic's verifier does: the decisions counted by reason. */
  static Tally verify(List<Appended> events, EventVerifier verifier) {
    Tally tally = new Tally();
    for (Appended e : events) {
      Verdict v = verifier.verify(ARTIFACTS, PRODUCER, e.value(), e.appendedAt());
      tally.add(v.accepted() ? Tally.ACCEPTED : v.rejection().reason().wire());
    }
    return tally;
  }

  /** How many records got each decision: {@value #ACCEPTED} or a rejection reason. */
  static final class Tally {
    static final String ACCEPTED = "accepted";

    private final Map<String, Integer> counts = new TreeMap<>();

    void add(String outcome) {
      counts.merge(outcome, 1, Integer::sum);
    }

    int count(String outcome) {
      return counts.getOrDefault(outcome, 0);
    }

    Map<String, Integer> counts() {
      return Map.copyOf(counts);
    }

    @Override
    public String toString() {
      return counts.toString();
    }
  }

  /**
   * A grant of {@code ADMIN} and {@code PRODUCER} to a fresh key, signed by that key; the
   * signature's keyid names {@code keyid} instead when given.
   */
  private static JunkGrant junkGrant(String keyid, Instant at) {
    Signer self = freshSigner();
    byte[] payload =
        EventType.KEY_GRANTED.encode(
            Envelopes.grant(self.publicKey(), List.of(Role.ADMIN, Role.PRODUCER), at, null, at));
    DsseSignature sig = self.sign(EventType.KEY_GRANTED.payloadType(), payload);
    byte[] value =
        EnvelopeCodec.standard()
            .encode(
                Envelope.newBuilder()
                    .setPayloadType(EventType.KEY_GRANTED.payloadType())
                    .setPayload(ByteBuffer.wrap(payload))
                    .setSignatures(
                        List.of(
                            Signature.newBuilder()
                                .setKeyid(keyid == null ? sig.keyid() : keyid)
                                .setSig(ByteBuffer.wrap(sig.sig()))
                                .build()))
                    .build());
    return new JunkGrant(new Appended(value, at.toEpochMilli()), self.keyId());
  }

  private static Appended event(int i, Instant signedAt, Signer signer) {
    String digest =
        Digest.of(
                Sha256.newDigest()
                    .digest((signer.keyId() + "/" + i).getBytes(StandardCharsets.UTF_8)))
            .toString();
    ArtifactRegistered artifact =
        ArtifactRegistered.newBuilder()
            .setNodeId(digest)
            .setKind(ArtifactKind.DATASET)
            .setName("dataset_" + i)
            .setVersion("1")
            .setAttributes(Map.of())
            .setSignedAt(signedAt)
            .build();
    return new Appended(
        AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, artifact, signer),
        signedAt.toEpochMilli());
  }

  private static Signer freshSigner() {
    return new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  }
}
