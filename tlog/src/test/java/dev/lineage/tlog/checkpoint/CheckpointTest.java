package dev.lineage.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.SignedNote;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
  /** The example of c2sp.org/tlog-checkpoint. */
  static final String SPEC_BODY =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

  @Test
  void parsesAndFormatsTheSpecExample() {
    Checkpoint cp = Checkpoint.parse(SPEC_BODY);
    assertThat(cp.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(cp.size()).isEqualTo(20852163L);
    assertThat(cp.root())
        .isEqualTo(Hash.fromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
    assertThat(cp.extensions()).isEmpty();
    assertThat(cp.body()).isEqualTo(SPEC_BODY);
    Checkpoint withExt = Checkpoint.parse(SPEC_BODY + "ext one\nx\n");
    assertThat(withExt.extensions()).containsExactly("ext one", "x");
    assertThat(withExt.body()).isEqualTo(SPEC_BODY + "ext one\nx\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com/log\n020852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "example.com/log\n5\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
        "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
      })
  void refusesMalformedCheckpointText(String body) {
    assertThatThrownBy(() -> Checkpoint.parse(body)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void opensOnlyWhatTheLogKeySigned() throws Exception {
    Ed25519NoteSigner log = new Ed25519NoteSigner("lineage.dev/log", Ed25519KeyPair.generate());
    Checkpoint cp = Checkpoint.parse(SPEC_BODY);
    SignedNote signed = cp.sign(List.of(log));
    assertThat(Checkpoint.open(signed.format(), List.of(log.verifier())).checkpoint())
        .isEqualTo(cp);

    Ed25519NoteSigner other = new Ed25519NoteSigner("lineage.dev/log", Ed25519KeyPair.generate());
    assertThatThrownBy(() -> Checkpoint.open(signed.format(), List.of(other.verifier())))
        .isInstanceOf(NoteVerificationException.class)
        .extracting(e -> ((NoteVerificationException) e).reason())
        .isEqualTo(NoteVerificationException.Reason.NO_KNOWN_SIGNATURE);

    SignedNote notACheckpoint = SignedNote.sign("hello\n", List.of(log));
    assertThatThrownBy(() -> Checkpoint.open(notACheckpoint, List.of(log.verifier())))
        .hasMessageStartingWith("malformed checkpoint: checkpoint text has 1 line(s)");
  }
}
