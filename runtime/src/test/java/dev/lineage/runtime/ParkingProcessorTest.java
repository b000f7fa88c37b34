package dev.lineage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.schemas.Reason;
import dev.lineage.stores.JsonSerde;
import dev.lineage.trust.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor alone, with a recheck whose answers the test decides. */
class ParkingProcessorTest {
  static final String STORE = "parked";
  static final long START = 1_000_000L;

  /** Accepts the values in {@code known}; counts its calls. */
  static final class FakeRecheck implements ParkingProcessor.Recheck {
    final Set<String> known = new HashSet<>();
    long version;
    int calls;

    @Override
    public Optional<Verdict> recheck(ParkedRecord parked) {
      calls++;
      String v = new String(parked.value(), StandardCharsets.UTF_8);
      return Optional.of(
          known.contains(v)
              ? Verdict.accepted(null, "signer", "sha256:" + v, parked.timestamp())
              : Verdict.rejected("sha256:" + v, Reason.UNKNOWN_KEY, "no key"));
    }

    @Override
    public long trustVersion() {
      return version;
    }
  }

  private final FakeRecheck recheck = new FakeRecheck();
  private MockProcessorContext<byte[], Checked> context;
  private KeyValueStore<String, ParkedRecord> store;

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(START);
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(),
                JsonSerde.of(ParkedRecord.class))
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  ParkingProcessor start(ParkingProcessor.Limits limits) {
    ParkingProcessor p = new ParkingProcessor(STORE, limits, c -> recheck);
    p.init(context);
    return p;
  }

  static Record<byte[], Checked> unknownKey(String value, long offset) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    return new Record<>(
        bytes,
        new Checked(
            bytes,
            "t",
            0,
            offset,
            Verdict.rejected("sha256:" + value, Reason.UNKNOWN_KEY, "no key")),
        42L);
  }

  void tick(long at) {
    context.setCurrentSystemTimeMs(at);
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(at);
  }

  List<Checked> forwarded() {
    return context.forwarded().stream().<Checked>map(f -> f.record().value()).toList();
  }

  @Test
  void checksAgainOnlyWhenTheTrustVersionMoves() {
    ParkingProcessor p = start(ParkingProcessor.Limits.defaults());
    p.process(unknownKey("a", 0));

    tick(START + 250); // first pass after init: restored records may be due
    int afterFirstPass = recheck.calls;
    tick(START + 500);
    tick(START + 750);
    assertThat(recheck.calls).isEqualTo(afterFirstPass);

    recheck.known.add("a");
    recheck.version++;
    tick(START + 1000);
    assertThat(forwarded()).singleElement().satisfies(c -> assertThat(c.verdict().accepted()));
    assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(42L);
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void spreadsAPassOverPunctuationsWithinTheBudget() {
    ParkingProcessor p = start(new ParkingProcessor.Limits(Duration.ofSeconds(30), 100, 2));
    for (int i = 0; i < 5; i++) {
      p.process(unknownKey("v" + i, i));
    }
    for (int i = 0; i < 5; i++) {
      recheck.known.add("v" + i);
    }
    recheck.version++;

    tick(START + 250);
    assertThat(forwarded()).hasSize(2);
    tick(START + 500);
    assertThat(forwarded()).hasSize(4);
    tick(START + 750);
    assertThat(forwarded()).hasSize(5);
    assertThat(forwarded()).extracting(Checked::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(recheck.calls).isEqualTo(5);
  }

  @Test
  void countsAndChecksWhatAPreviousOwnerLeftParked() {
    ParkingProcessor first = start(new ParkingProcessor.Limits(Duration.ofSeconds(30), 2, 10));
    first.process(unknownKey("a", 0));
    first.process(unknownKey("b", 1));
    first.close();

    // a new owner of the task: same (restored) store, fresh processor
    context.resetForwards();
    ParkingProcessor second = start(new ParkingProcessor.Limits(Duration.ofSeconds(30), 2, 10));
    second.process(unknownKey("c", 2));
    assertThat(forwarded())
        .singleElement()
        .satisfies(c -> assertThat(c.verdict().rejection().detail()).startsWith("parking full"));

    recheck.known.add("a");
    tick(START + 250);
    assertThat(forwarded()).hasSize(2);
    assertThat(forwarded().get(1).offset()).isZero();
    assertThat(store.approximateNumEntries()).isEqualTo(1);
  }

  @Test
  void passesEverythingElseThroughUntouched() {
    ParkingProcessor p = start(ParkingProcessor.Limits.defaults());
    Record<byte[], Checked> revoked =
        new Record<>(
            null,
            new Checked(
                new byte[] {1},
                "t",
                0,
                7,
                Verdict.rejected("sha256:x", Reason.REVOKED_KEY, "revoked")),
            5L);
    p.process(revoked);

    assertThat(context.forwarded())
        .singleElement()
        .satisfies(f -> assertThat(f.record()).isSameAs(revoked));
    assertThat(store.approximateNumEntries()).isZero();
  }
}
