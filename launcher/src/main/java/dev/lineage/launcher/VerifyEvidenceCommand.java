package dev.lineage.launcher;

import dev.lineage.cli.CheckFailedException;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.evidence.EvidenceBundle;
import dev.lineage.evidence.EvidenceVerifier;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.VerifierKeys;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lineage verify-evidence}: checks an evidence bundle offline ({@link EvidenceVerifier}),
 * trusting only the log key, the trust root(s) and the witnesses' keys given here.
 */
@Command(
    name = "verify-evidence",
    mixinStandardHelpOptions = true,
    description = {
      "Check an evidence bundle offline: the checkpoint's log signature and k of n witness"
          + " cosignatures, each envelope's inclusion proof, every signature and role at the"
          + " envelope's append time from the bundled key events and the trust root, the model's"
          + " story (registration, producing run, training manifest, the paths to its sources),"
          + " and the deployment verdict that follows from them.",
      "Exit 0 verified; 1 it does not verify (the reason names the entry); 2 malformed arguments."
    })
final class VerifyEvidenceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle.")
  Path file;

  @Option(
      names = "--log-key",
      required = true,
      paramLabel = "VKEY",
      description =
          "The log's verifier key, <origin>+<key id>+<base64>, as `lineage up` prints it.")
  String logKey;

  @Option(
      names = "--trust-root",
      required = true,
      paramLabel = "PEM",
      description = "Root public key(s) the keyring starts from, repeatable.")
  List<Path> trustRoots;

  @Option(
      names = "--witness",
      paramLabel = "VKEY",
      description = "A witness's verifier key (as `lineage witness` prints it), repeatable.")
  List<String> witnessKeys;

  @Option(
      names = "--witnesses-required",
      paramLabel = "K",
      description = "How many of the --witness keys must have cosigned (default: all given).")
  Integer required;

  @Override
  public Integer call() throws Exception {
    NoteVerifier log = vkey("--log-key", logKey);
    List<NoteVerifier> witnesses = new ArrayList<>();
    for (String w : witnessKeys == null ? List.<String>of() : witnessKeys) {
      witnesses.add(vkey("--witness", w));
    }
    int k = required == null ? witnesses.size() : required;
    if (k < 0 || k > witnesses.size()) {
      throw new ParameterException(
          spec.commandLine(),
          "--witnesses-required "
              + k
              + " is not between 0 and the "
              + witnesses.size()
              + " --witness key(s) given");
    }
    TrustAnchors roots;
    try {
      roots = TrustAnchors.fromPemFiles(trustRoots);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(spec.commandLine(), "--trust-root: " + e.getMessage());
    }
    EvidenceBundle bundle;
    try {
      bundle = EvidenceBundle.fromJson(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CheckFailedException(file + ": " + e.getMessage());
    }
    EvidenceVerifier.Report report;
    try {
      report = new EvidenceVerifier(log, roots, witnesses, k, ClockSkew.defaults()).verify(bundle);
    } catch (EvidenceVerifier.EvidenceException e) {
      throw new CheckFailedException("verify-evidence: FAILED: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new CommandFailedException("verify-evidence: cannot check " + file + ": " + e, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("verify-evidence: OK " + bundle.model());
    out.println(
        "checkpoint: "
            + report.origin()
            + " size "
            + report.treeSize()
            + ", cosigned by "
            + (report.cosigners().isEmpty() ? "no witness" : String.join(", ", report.cosigners()))
            + " ("
            + k
            + " required)");
    out.println("entries: " + report.entries() + " included and signed " + report.bySource());
    out.println(
        "story: produced by "
            + String.join(", ", report.producingRuns())
            + "; "
            + report.upstreamNodes()
            + " node(s) up to its sources; training manifest(s) "
            + (report.manifests().isEmpty() ? "none" : String.join(", ", report.manifests())));
    out.println(
        "deployment: "
            + (report.verdict().approved()
                ? "approved (decided by " + report.verdict().decidedBy() + ")"
                : "not approved"));
    for (String reason : EvidenceVerifier.reasons(report.verdict())) {
      out.println("  " + reason);
    }
    out.flush();
    return 0;
  }

  private NoteVerifier vkey(String option, String text) {
    try {
      return VerifierKeys.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
