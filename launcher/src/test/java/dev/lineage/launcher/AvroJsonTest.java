package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lineage audit --json} prints each event whole, every field by name, no Avro wrapping. */
class AvroJsonTest {
  @Test
  void aTriggerBecomesPlainJsonWithEveryFieldItsPathsItsRecordSetAndIsoTimes() {
    RetrainingTriggered t =
        RetrainingTriggered.newBuilder()
            .setTriggerId("sha256:" + "ab".repeat(32))
            .setRequestId("gdpr-1")
            .setCause(ImpactCause.DELETION)
            .setModelId("sha256:" + "9e".repeat(32))
            .setModelName("model_m92")
            .setTrainingRunId("run:training_j1829")
            .setPaths(
                List.of(
                    List.of(
                        new PathNode("source:transactions_q1", "transactions_q1"),
                        new PathNode("sha256:" + "9e".repeat(32), null))))
            .setAction(RetrainingAction.RETRAIN)
            .setRecordSet(new RecordSet("sha256:" + "cd".repeat(32), 3L, "vault:gdpr-1", true))
            .setDeadline(Instant.parse("2025-04-01T00:00:00Z"))
            .setDecisionRule("no manifest")
            .setSignedAt(Instant.parse("2025-03-01T00:00:00Z"))
            .build();

    JsonNode j = AvroJson.of(t);

    assertThat(j.path("requestId").asText()).isEqualTo("gdpr-1");
    assertThat(j.path("cause").asText()).isEqualTo("DELETION");
    assertThat(j.path("action").asText()).isEqualTo("RETRAIN");
    assertThat(j.path("deadline").asText()).isEqualTo("2025-04-01T00:00:00Z");
    assertThat(j.path("signedAt").asText()).isEqualTo("2025-03-01T00:00:00Z");
    assertThat(j.path("recordSet").path("count").asLong()).isEqualTo(3);
    assertThat(j.path("recordSet").path("location").asText()).isEqualTo("vault:gdpr-1");
    assertThat(j.path("paths").path(0).path(0).path("name").asText()).isEqualTo("transactions_q1");
    assertThat(j.path("paths").path(0).path(1).path("name").isNull()).isTrue();
    // every field of the schema is there, none wrapped in a union branch's name
    t.getSchema().getFields().forEach(f -> assertThat(j.has(f.name())).as(f.name()).isTrue());
    assertThat(j.toString()).doesNotContain("\"string\":").doesNotContain("\"long\":");
  }
}
