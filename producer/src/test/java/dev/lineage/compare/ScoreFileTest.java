package dev.lineage.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.hash.Sha256;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScoreFileTest {
  static ScoreFile parse(String text) {
    return ScoreFile.parse("a.csv", text.getBytes(StandardCharsets.UTF_8));
  }

  static void refused(String text, String... message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ScoreFileException.class)
        .hasMessageStartingWith("a.csv")
        .hasMessageContainingAll(message);
  }

  @Test
  void readsRowsWithOrWithoutHeader() {
    ScoreFile f = parse("id,label,score\nx1,1,0.9\nx2,0,0.25\n");
    assertThat(f.size()).isEqualTo(2);
    assertThat(f.id(0)).isEqualTo("x1");
    assertThat(f.label(0)).isTrue();
    assertThat(f.score(1)).isEqualTo(0.25);
    assertThat(f.line(1)).isEqualTo(3);
    assertThat(f.rowOf("x2")).hasValue(1);
    assertThat(f.rowOf("x3")).isEmpty();

    ScoreFile bare = parse("x1,1,0.9\nx2,0,2.5e-1");
    assertThat(bare.size()).isEqualTo(2);
    assertThat(bare.line(0)).isEqualTo(1);
    assertThat(bare.scores()).containsExactly(0.9, 0.25);
  }

  @Test
  void toleratesCrlfBomBlanksAroundFieldsAndNegativeZero() {
    ScoreFile f = parse("\uFEFFid, label, score\r\n a ,1, -0.0 \r\nb,0,+1E2\r\n");
    assertThat(f.size()).isEqualTo(2);
    assertThat(f.id(0)).isEqualTo("a");
    assertThat(Double.doubleToRawLongBits(f.score(0))).isEqualTo(Double.doubleToRawLongBits(0.0));
    assertThat(f.score(1)).isEqualTo(100);
  }

  @Test
  void theDigestIsOfTheExactBytes() {
    byte[] bytes = "x1,1,0.9\nx2,0,0.1\n".getBytes(StandardCharsets.UTF_8);
    assertThat(ScoreFile.parse("a.csv", bytes).digest()).isEqualTo(Sha256.of(bytes));
  }

  @Test
  void emptyFilesAreRefused() {
    refused("", "no examples", "empty file");
    refused("id,label,score\n", "no examples", "only a header");
  }

  @Test
  void malformedRowsNameTheLine() {
    refused("x1,1,0.9\nx2,2,0.1\n", "line 2", "label must be 0 or 1", "'2'");
    refused("x1,1,0.9\nx2,true,0.1\n", "line 2", "label must be 0 or 1");
    refused("x1,1,0.9\nx2,0\n", "line 2", "expected 3 fields", "found 2");
    refused("x1,1,0.9,extra\n", "line 1", "found 4");
    refused("x1,1,0.9\n,0,0.1\n", "line 2", "empty id");
    refused("x1,1,0.9\n\nx2,0,0.1\n", "line 2", "empty line");
    refused("id,score,label\nx1,0.9,1\n", "line 1", "header must be exactly id,label,score");
  }

  @Test
  void scoresMustBeFiniteDecimals() {
    for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1e400", "0x1p3", "1d", ""}) {
      refused("x1,1,0.9\nx2,0," + bad + "\n", "line 2", "finite decimal number");
    }
  }

  @Test
  void duplicateIdsNameBothLines() {
    refused(
        "id,label,score\nx1,1,0.9\nx2,0,0.1\nx1,1,0.8\n", "line 4", "duplicate id 'x1'", "line 2");
  }

  @Test
  void notUtf8IsRefused() {
    assertThatThrownBy(() -> ScoreFile.parse("a.csv", new byte[] {'x', ',', '1', ',', (byte) 0xff}))
        .isInstanceOf(ScoreFileException.class)
        .hasMessage("a.csv: not UTF-8 text");
  }

  @Test
  void messagesQuoteBoundedInput() {
    refused("x1," + "9".repeat(500) + ",0.1\n", "...");
    assertThatThrownBy(() -> parse("x1,1," + "1".repeat(500) + "x\n"))
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
  }

  @Test
  void readsAHundredThousandRows() {
    SyntheticScores data = new SyntheticScores(100_000, 1);
    ScoreFile f = ScoreFile.parse("big.csv", data.csv(data.model(2, 2), 3));
    assertThat(f.size()).isEqualTo(100_000);
    assertThat(f.rowOf("ex-99999")).isPresent();
  }
}
