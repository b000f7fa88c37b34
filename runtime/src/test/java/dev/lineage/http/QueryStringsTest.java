package dev.lineage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryStringsTest {
  @Test
  void decodesUtf8EscapesAndKeepsPlusLiteralInPaths() {
    assertThat(QueryStrings.percentDecode("caf%C3%A9+x")).isEqualTo("café+x");
    assertThat(QueryStrings.percentDecode("😀%20ok")).isEqualTo("😀 ok");
  }

  @Test
  void rejectsMalformedEscapes() {
    assertThatThrownBy(() -> QueryStrings.percentDecode("%zz"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueryStrings.percentDecode("abc%4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesRepeatedAndEmptyParameters() {
    assertThat(QueryStrings.parse("kinds=MODEL&kinds=DATASET&flag&depth=2"))
        .containsEntry("kinds", List.of("MODEL", "DATASET"))
        .containsEntry("flag", List.of(""))
        .containsEntry("depth", List.of("2"));
    assertThat(QueryStrings.parse(null)).isEmpty();
  }
}
