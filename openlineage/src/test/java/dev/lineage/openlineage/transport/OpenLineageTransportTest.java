package dev.lineage.openlineage.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.openlineage.Examples;
import dev.lineage.openlineage.MalformedEventException;
import dev.lineage.openlineage.RawEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLineageTransportTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsARecordAsTheKafkaTransportWritesIt() {
    byte[] value = Examples.bytes("example_full_event.json");
    KafkaEvent record =
        OpenLineageTransport.fromKafkaRecord("run:my-scheduler-namespace/myjob.mytask", value);
    assertThat(record.key()).isEqualTo(new TransportKey.Run("my-scheduler-namespace/myjob.mytask"));
    assertThat(((TransportKey.Run) record.key()).names("my-scheduler-namespace", "myjob.mytask"))
        .isTrue();
    assertThat(record.event().bytes()).isEqualTo(value);
    assertThat(record.event().json().path("job").path("name").asText()).isEqualTo("myjob.mytask");
  }

  @Test
  void classifiesEveryKeyTheTransportCanWriteWithoutTrustingIt() {
    byte[] value = Examples.bytes("serde_example_run_event.json");
    assertThat(OpenLineageTransport.fromKafkaRecord(null, value).key())
        .isEqualTo(new TransportKey.Absent());
    assertThat(OpenLineageTransport.fromKafkaRecord("job:ns/j", value).key())
        .isEqualTo(new TransportKey.Job("ns/j"));
    assertThat(OpenLineageTransport.fromKafkaRecord("dataset:ns/d", value).key())
        .isEqualTo(new TransportKey.Dataset("ns/d"));
    assertThat(OpenLineageTransport.fromKafkaRecord("my-key", value).key())
        .isEqualTo(new TransportKey.Other("my-key"));
    // a key naming another job is only a hint: the event is read all the same
    TransportKey.Run other =
        (TransportKey.Run) OpenLineageTransport.fromKafkaRecord("run:x/y", value).key();
    assertThat(other.names("openlineage", "name")).isFalse();
  }

  @Test
  void refusesATombstoneAndAValueThatIsNotAnEvent() {
    assertThatThrownBy(() -> OpenLineageTransport.fromKafkaRecord("run:a/b", null))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("tombstone");
    assertThatThrownBy(() -> OpenLineageTransport.fromKafkaRecord("run:a/b", utf8("[{}]")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("object");
    assertThatThrownBy(() -> OpenLineageTransport.fromKafkaRecord(null, utf8("{\"a\":1} x")))
        .isInstanceOf(MalformedEventException.class);
  }

  @Test
  void refusesDuplicateKeysThatTwoReadersCouldResolveDifferently() {
    assertThatThrownBy(
            () ->
                OpenLineageTransport.fromKafkaRecord(
                    null, utf8("{\"run\":{\"runId\":\"a\",\"runId\":\"b\"}}")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("runId");
  }

  @Test
  void anHttpBodyWithOneEventIsThatEventByteForByte() {
    byte[] body = Examples.bytes("serde_example_job_event.json");
    List<RawEvent> events = OpenLineageTransport.fromHttpBody(body);
    assertThat(events).singleElement().satisfies(e -> assertThat(e.bytes()).isEqualTo(body));
  }

  @Test
  void anHttpArrayKeepsEachElementsExactBytes() {
    String a = Examples.text("serde_example_run_event.json").strip();
    String b = "{ \"x\" :\t\"é\" }";
    String body = " \n[ " + a + " ,\n" + b + "]\n";
    List<RawEvent> events = OpenLineageTransport.fromHttpBody(utf8(body));
    assertThat(events).hasSize(2);
    assertThat(new String(events.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(a);
    assertThat(new String(events.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo(b);
    assertThat(OpenLineageTransport.fromHttpBody(utf8("[]"))).isEmpty();
  }

  @Test
  void namesTheElementThatIsNotAnEvent() {
    assertThatThrownBy(() -> OpenLineageTransport.fromHttpBody(utf8("[{\"a\":1}, 42]")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("element [1]")
        .hasMessageContaining("number");
    assertThatThrownBy(() -> OpenLineageTransport.fromHttpBody(utf8("[{\"a\":1,\"a\":2}]")))
        .hasMessageContaining("element [0]");
    assertThatThrownBy(() -> OpenLineageTransport.fromHttpBody(utf8("\"hello\"")))
        .hasMessageContaining("string");
    assertThatThrownBy(() -> OpenLineageTransport.fromHttpBody(utf8("[{\"a\":1}")))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> OpenLineageTransport.fromHttpBody(utf8("[{}] []")))
        .hasMessageContaining("after");
    assertThatThrownBy(() -> OpenLineageTransport.fromHttpBody(new byte[0]))
        .hasMessageContaining("empty");
  }
}
