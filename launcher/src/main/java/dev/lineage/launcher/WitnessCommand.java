package dev.lineage.launcher;

import dev.lineage.cli.CommandFailedException;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.VerifierKeys;
import dev.lineage.tlog.witness.FileWitnessState;
import dev.lineage.tlog.witness.Witness;
import dev.lineage.tlog.witness.WitnessException;
import dev.lineage.witness.HttpLogFeed;
import dev.lineage.witness.WitnessFollower;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lineage witness}: an independent witness of the transparency log, its own process and key.
 * It reads the log's checkpoint over HTTP, checks it is signed by the log key and consistent with
 * the last one it cosigned, and cosigns it (c2sp.org/tlog-cosignature), writing each cosigned
 * checkpoint to {@code --out}. A rolled-back, forked or rewritten log is refused: the command says
 * why and exits 1, its state unmoved.
 */
@Command(
    name = "witness",
    mixinStandardHelpOptions = true,
    description = {
      "Witness the transparency log: cosign each checkpoint that provably extends the last one"
          + " cosigned, refuse a rolled-back or forked log.",
      "Exit 0 when stopped (or after --once); 1 when the log is refused or cannot be read;"
          + " 2 malformed arguments."
    })
final class WitnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--log",
      required = true,
      paramLabel = "URL",
      description = "The lineage-streams instance serving the log, e.g. http://127.0.0.1:8080.")
  URI log;

  @Option(
      names = "--log-key",
      required = true,
      paramLabel = "VKEY",
      description =
          "The log's verifier key, <origin>+<key id>+<base64>, as `lineage up` prints it.")
  String logKey;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "This witness's Ed25519 private key (PEM PKCS#8).")
  Path key;

  @Option(
      names = "--name",
      defaultValue = "lineage-witness",
      paramLabel = "NAME",
      description = "This witness's key name in its cosignatures (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--state",
      required = true,
      paramLabel = "FILE",
      description = "Where the witness keeps the last checkpoint it cosigned (made if missing).")
  Path state;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write each cosigned checkpoint (<DIR>/<size> and <DIR>/latest).")
  Path out;

  @Option(
      names = "--interval",
      defaultValue = "PT5S",
      paramLabel = "DURATION",
      description = "How often to read the log (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--once", description = "Read the log once, then exit.")
  boolean once;

  @Override
  public Integer call() throws Exception {
    NoteVerifier logVerifier;
    try {
      logVerifier = VerifierKeys.parse(logKey);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--log-key: " + e.getMessage());
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new ParameterException(spec.commandLine(), "--interval must be positive");
    }
    Witness witness;
    CosignatureV1Signer signer;
    try {
      signer = new CosignatureV1Signer(name, Ed25519KeyPair.readPem(key), Clock.systemUTC());
      witness =
          new Witness(
              signer,
              Map.of(logVerifier.name(), List.of(logVerifier)),
              FileWitnessState.open(state));
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailedException("cannot open the witness: " + e.getMessage(), e);
    }
    WitnessFollower follower =
        new WitnessFollower(
            witness, new HttpLogFeed(log), logVerifier.name(), Optional.ofNullable(out));
    PrintWriter stdout = spec.commandLine().getOut();
    // what an auditor gives `lineage verify-evidence --witness`
    stdout.println("witness: key " + signer.verifier().vkey());
    stdout.flush();
    while (true) {
      try {
        WitnessFollower.Step step = follower.step();
        if (step.cosigned()) {
          stdout.println("witness: cosigned " + logVerifier.name() + " size " + step.size());
          stdout.flush();
        }
      } catch (WitnessException e) {
        throw new CommandFailedException(
            "witness: refused the log's checkpoint (" + e.reason() + "): " + e.getMessage());
      } catch (IOException e) {
        throw new CommandFailedException("witness: cannot read the log: " + e.getMessage(), e);
      }
      if (once) {
        return 0;
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
