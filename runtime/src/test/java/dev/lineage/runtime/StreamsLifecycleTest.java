package dev.lineage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.http.Health;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StreamsLifecycleTest {
  private final StreamsLifecycle lifecycle =
      new StreamsLifecycle("some-app", LoggerFactory.getLogger(StreamsLifecycleTest.class));

  @Test
  void isCreatedAndDownBeforeStart() {
    assertThat(lifecycle.started()).isFalse();
    assertThat(lifecycle.streams()).isNull();
    assertThat(lifecycle.state()).isEqualTo(KafkaStreams.State.CREATED);
    assertThat(lifecycle.health()).isEqualTo(Health.Status.down("CREATED"));
  }

  @Test
  void awaitingAnUnstartedAppTimesOutNamingTheApp() {
    assertThatThrownBy(() -> lifecycle.awaitRunning(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("some-app was not running after 0 s (CREATED)");
  }

  @Test
  void closingAnUnstartedAppDoesNothing() {
    lifecycle.close(Duration.ofSeconds(1));
    assertThat(lifecycle.state()).isEqualTo(KafkaStreams.State.CREATED);
  }
}
