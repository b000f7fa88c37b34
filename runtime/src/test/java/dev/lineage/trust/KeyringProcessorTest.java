package dev.lineage.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.Role;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.stores.JsonSerde;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class KeyringProcessorTest {
  static final Instant T0 = Instant.now();
  final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final TrustAnchors roots = TrustAnchors.of(List.of(root.publicKey()));

  /** One app's keyring: its own processor and store. */
  private KeyringProcessor app(MockProcessorContext<Void, Void> context) {
    KeyValueStore<String, KeyringEntry> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(KeyringStore.STORE),
                Serdes.String(),
                JsonSerde.of(KeyringEntry.class))
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    KeyringProcessor p = new KeyringProcessor(roots, ClockSkew.defaults());
    p.init(context);
    return p;
  }

  @Test
  void twoAppsInOneProcessLogEachKeyRecordOnce() {
    byte[] grant =
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(service.publicKey(), List.of(Role.IMPACT_SERVICE), T0, null, T0),
            root);
    String topic = "keyring-processor-test." + System.nanoTime() + ".keys";
    PrintStream stderr = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
      for (int app = 0; app < 2; app++) {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        context.setRecordMetadata(topic, 0, 7);
        app(context).process(new Record<>(null, grant, T0.toEpochMilli()));
        context.setRecordMetadata(topic, 0, 8);
        app(context).process(new Record<>(null, new byte[] {1, 2}, T0.toEpochMilli()));
      }
    } finally {
      System.setErr(stderr);
    }
    List<String> lines = logged.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(
            lines.stream().filter(l -> l.contains("key event GRANT about key " + service.keyId())))
        .hasSize(1);
    assertThat(lines.stream().filter(l -> l.contains("key event at " + topic + "-0@8 refused")))
        .hasSize(1);
  }
}
