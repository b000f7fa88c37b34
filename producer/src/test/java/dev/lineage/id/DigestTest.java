package dev.lineage.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestTest {
  static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parsesAndPrintsTheOciForm() {
    Digest d = Digest.parse("sha256:" + HEX);
    assertThat(d.hex()).isEqualTo(HEX);
    assertThat(d).hasToString("sha256:" + HEX);
    assertThat(d.bytes()).hasSize(32);
    assertThat(Digest.of(d.bytes())).isEqualTo(d);
  }

  @Test
  void refusesUppercaseHex() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + HEX.toUpperCase()))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("uppercase");
  }

  @Test
  void refusesOtherLengths() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + HEX.substring(1)))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("exactly 64");
    assertThatThrownBy(() -> Digest.parse("sha256:" + HEX + "0"))
        .isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> Digest.parse("sha256:")).isInstanceOf(InvalidIdException.class);
  }

  @Test
  void refusesOtherAlgorithmsAndMissingPrefix() {
    assertThatThrownBy(() -> Digest.parse("sha512:" + HEX + HEX))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> Digest.parse("SHA256:" + HEX)).isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> Digest.parse(HEX))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("expected sha256:");
    assertThatThrownBy(() -> Digest.parse("sha256:" + HEX.replace('e', 'g')))
        .hasMessageContaining("not a hex digit");
  }

  @Test
  void invalidIdIsAnIllegalArgument() {
    assertThat(new InvalidIdException("x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Digest.isValid("sha256:" + HEX)).isTrue();
    assertThat(Digest.isValid("sha256:" + HEX.toUpperCase())).isFalse();
  }

  @Test
  void messagesDoNotEchoControlCharacters() {
    assertThatThrownBy(() -> Digest.parse("md5:\u0000\n"))
        .hasMessageNotContaining("\u0000")
        .hasMessageNotContaining("\n");
  }
}
