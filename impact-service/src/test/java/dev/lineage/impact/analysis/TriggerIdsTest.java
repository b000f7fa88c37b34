package dev.lineage.impact.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.id.Digest;
import org.junit.jupiter.api.Test;

class TriggerIdsTest {
  @Test
  void theSameRequestAndModelAlwaysGiveTheSameDigest() {
    String model = "sha256:" + "b".repeat(64);
    String id = TriggerIds.of("req-1", model);

    assertThat(TriggerIds.of("req-1", model)).isEqualTo(id);
    assertThat(Digest.isValid(id)).isTrue();
    // pinned, computed independently (Python: sha256 of 4-byte big-endian length + UTF-8 for the
    // domain tag, request id and model id): a change of encoding must be deliberate
    assertThat(TriggerIds.of("req-1", "m"))
        .isEqualTo("sha256:f3e63d9a88f3d0c2204fbd6d1c5110d27202972ed83ef51d3459c01faafa083a");
  }

  @Test
  void anotherRequestOrModelGivesAnotherId() {
    assertThat(TriggerIds.of("req-1", "m")).isNotEqualTo(TriggerIds.of("req-2", "m"));
    assertThat(TriggerIds.of("req-1", "m")).isNotEqualTo(TriggerIds.of("req-1", "n"));
  }

  @Test
  void theEncodingIsUnambiguous() {
    assertThat(TriggerIds.of("ab", "c")).isNotEqualTo(TriggerIds.of("a", "bc"));
    assertThat(TriggerIds.of("a\u0000", "b")).isNotEqualTo(TriggerIds.of("a", "\u0000b"));
  }

  @Test
  void aPredictionsObligationIdIsStableAndNeverATriggersId() {
    String node = "sha256:" + "5".repeat(64);
    assertThat(TriggerIds.ofPrediction("req-1", node))
        .isEqualTo(TriggerIds.ofPrediction("req-1", node))
        .isNotEqualTo(TriggerIds.of("req-1", node))
        .isNotEqualTo(TriggerIds.ofPrediction("req-2", node))
        .startsWith("sha256:");
  }
}
