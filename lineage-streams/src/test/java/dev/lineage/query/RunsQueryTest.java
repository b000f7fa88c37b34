package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsQueryTest {
  private static final Instant FROM = Instant.parse("2025-01-10T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-01-20T00:00:00Z");

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static RunsQuery parse(String... pairs) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      q.put(pairs[i], List.of(pairs[i + 1]));
    }
    return RunsQuery.parse(new ApiRequest("GET", "/v1/processes/p/runs", Map.of(), q));
  }

  @Test
  void aRunOverlapsTheWindowWhenItStartsBeforeItsEndAndEndsAtOrAfterItsStart() {
    RunsQuery q = new RunsQuery(null, null, FROM, TO);
    // Across the start, inside, across the end.
    assertThat(q.overlaps(ms("2025-01-09T00:00:00Z"), ms("2025-01-10T00:00:00Z"))).isTrue();
    assertThat(q.overlaps(ms("2025-01-12T00:00:00Z"), ms("2025-01-13T00:00:00Z"))).isTrue();
    assertThat(q.overlaps(ms("2025-01-19T23:59:59Z"), ms("2025-01-25T00:00:00Z"))).isTrue();
    assertThat(q.overlaps(ms("2025-01-01T00:00:00Z"), ms("2025-02-01T00:00:00Z"))).isTrue();
    // Ended just before; started exactly at the end (the window is open there).
    assertThat(q.overlaps(ms("2025-01-08T00:00:00Z"), ms("2025-01-09T23:59:59.999Z"))).isFalse();
    assertThat(q.overlaps(ms("2025-01-20T00:00:00Z"), ms("2025-01-21T00:00:00Z"))).isFalse();
    // A start not known yet cannot be placed before the end of a window.
    assertThat(q.overlaps(null, ms("2025-01-12T00:00:00Z"))).isFalse();
    assertThat(new RunsQuery(null, null, FROM, null).overlaps(null, ms("2025-01-12T00:00:00Z")))
        .isTrue();
  }

  @Test
  void theOwnerAdmitsByInclusiveVersionRangeAndEnd() {
    RunsQuery q = parse("minVersion", "2.3", "maxVersion", "2.10", "from", FROM.toString());
    long late = ms("2025-01-15T00:00:00Z");
    assertThat(q.admits(new RunEntry("run:a", "2.3", late))).isTrue();
    assertThat(q.admits(new RunEntry("run:b", "2.10", late))).isTrue();
    assertThat(q.admits(new RunEntry("run:c", "2.9.1", late))).isTrue();
    assertThat(q.admits(new RunEntry("run:d", "2.2", late))).isFalse();
    assertThat(q.admits(new RunEntry("run:e", "2.11", late))).isFalse();
    assertThat(q.admits(new RunEntry("run:f", "2.3", ms("2025-01-09T00:00:00Z")))).isFalse();
    assertThat(RunsQuery.all().admits(new RunEntry("run:g", "0", 0))).isTrue();
  }

  @Test
  void parametersRoundTripForTheHopToTheOwner() {
    RunsQuery q = parse("minVersion", "2.3", "to", TO.toString());
    assertThat(q.asParameters())
        .containsExactly(Map.entry("minVersion", "2.3"), Map.entry("to", TO.toString()));
    String[] pairs =
        q.asParameters().entrySet().stream()
            .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
            .toArray(String[]::new);
    assertThat(parse(pairs)).isEqualTo(q);
  }

  @Test
  void malformedOrInvertedBoundsAreRefused() {
    assertThatThrownBy(() -> parse("from", "yesterday"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> parse("from", TO.toString(), "to", FROM.toString()))
        .hasMessageContaining("after");
    assertThatThrownBy(() -> parse("minVersion", "3", "maxVersion", "2.9"))
        .hasMessageContaining("above");
    assertThatThrownBy(() -> parse("minVersion", "bad version!"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
