package dev.lineage.id;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text is a node id or a digest in exactly one spelling, or refused with {@link
 * InvalidIdException}: an id read from a topic, a URL or a file never throws anything else, and
 * what parses is written back as the same text (so one node never has two ids).
 */
class IdParsingFuzzTest {
  @FuzzTest(maxDuration = "15s")
  void anyTextIsOneNodeIdOrRefused(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    NodeId id;
    try {
      id = NodeId.parse(text);
    } catch (InvalidIdException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(NodeId.parse(id.toString())).isEqualTo(id);
    assertThat(id.toString()).isEqualTo(text);
  }

  @FuzzTest(maxDuration = "15s")
  void anyTextIsOneDigestOrRefused(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Digest digest;
    try {
      digest = Digest.parse(text);
    } catch (InvalidIdException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(digest.toString()).isEqualTo(text);
  }
}
