package dev.lineage.cli;

import dev.lineage.cas.ContentStore;
import dev.lineage.hash.ContentHasher;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.PrivacyParameters;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.Signer;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage manifest create|sign|verify}: training manifests. */
@Command(
    name = "manifest",
    mixinStandardHelpOptions = true,
    description = "Create, sign and verify training manifests (in-toto Statement v1).",
    subcommands = {
      ManifestCommand.Create.class,
      ManifestCommand.Sign.class,
      ManifestCommand.Verify.class
    })
public final class ManifestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: create, sign or verify");
  }

  /** {@code manifest create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Write a training manifest (canonical JSON) to --out and print the file's digest.",
        "Models, datasets, feature schema and lock file are hashed; the hardware is captured."
      })
  public static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VerboseOption verbose;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "PATH",
        description = "Trained model file or directory (repeatable).")
    List<Path> models;

    @Option(
        names = "--dataset",
        required = true,
        paramLabel = "PATH",
        description = "Dataset snapshot file or directory (repeatable).")
    List<Path> datasets;

    @Option(
        names = "--exclude-record-set",
        paramLabel = "DIGEST",
        converter = Converters.DigestConverter.class,
        description =
            "Record set (a deletion request's recordSet.digest) this run left out of its training"
                + " data, as a retraining completion must declare it (repeatable).")
    List<Digest> excludedRecordSets = new ArrayList<>();

    @Option(names = "--feature-schema", paramLabel = "PATH", description = "Feature schema file.")
    Path featureSchema;

    @Option(
        names = "--lockfile",
        required = true,
        paramLabel = "PATH",
        description = "Dependency lock file.")
    Path lockfile;

    @Option(
        names = "--code-commit",
        required = true,
        paramLabel = "SHA",
        description = "Full git commit (40 or 64 hex), or git:<sha>.")
    String codeCommit;

    @Option(
        names = "--seed",
        required = true,
        paramLabel = "[NAME=]N",
        description = "Random seed, repeatable; without a name it is called 'global'.")
    List<String> seeds;

    @Option(
        names = "--container-image",
        required = true,
        paramLabel = "REF",
        description = "Image by digest: <repository>@sha256:<hex>. A tag alone is refused.")
    String containerImage;

    @Option(
        names = "--library",
        paramLabel = "NAME=VERSION",
        description = "Library version (repeatable).")
    List<String> libraries = new ArrayList<>();

    @ArgGroup(exclusive = false)
    Privacy privacy;

    @Option(names = "--follow-symlinks", description = "Hash what symbolic links point to.")
    boolean followSymlinks;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the manifest JSON; its directory must exist.")
    Path out;

    /** Differential-privacy parameters: epsilon and delta together. */
    static final class Privacy {
      @Option(
          names = "--privacy-epsilon",
          required = true,
          paramLabel = "E",
          description = "Differential privacy epsilon (> 0), given with --privacy-delta.")
      BigDecimal epsilon;

      @Option(
          names = "--privacy-delta",
          required = true,
          paramLabel = "D",
          description = "Differential privacy delta, in [0, 1).")
      BigDecimal delta;

      @Option(
          names = "--privacy-mechanism",
          paramLabel = "NAME",
          description = "Mechanism, e.g. gaussian (optional).")
      String mechanism;
    }

    @Override
    public Integer call() throws Exception {
      OutputFiles.check(spec, "--out", out);
      ContentHasher hasher = ContentHasher.builder().followSymlinks(followSymlinks).build();
      TrainingManifest.Builder b = TrainingManifest.builder();
      for (Path m : models) {
        b.subject(ref(hasher, m));
      }
      for (Path d : datasets) {
        b.dataset(ref(hasher, d));
      }
      excludedRecordSets.forEach(b::excludedRecordSet);
      if (featureSchema != null) {
        b.featureSchema(ref(hasher, featureSchema));
      }
      b.lockfile(ref(hasher, lockfile));
      TrainingManifest manifest;
      try {
        b.codeCommit(codeCommit);
        b.containerImage(containerImage);
        for (String s : seeds) {
          int eq = s.indexOf('=');
          String name = eq < 0 ? "global" : s.substring(0, eq);
          String value = eq < 0 ? s : s.substring(eq + 1);
          long n;
          try {
            n = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed '" + s + "': not a 64-bit integer", e);
          }
          b.seed(name, n);
        }
        for (String l : libraries) {
          int eq = l.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--library '" + l + "': expected NAME=VERSION");
          }
          b.library(l.substring(0, eq), l.substring(eq + 1));
        }
        if (privacy != null) {
          b.privacy(new PrivacyParameters(privacy.mechanism, privacy.epsilon, privacy.delta));
        }
        manifest = b.build();
      } catch (IllegalArgumentException e) {
        // every remaining problem comes from an option's value: a usage error
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      byte[] json = manifest.toJson();
      OutputFiles.write(spec, "--out", out, () -> Files.write(out, json));
      spec.commandLine().getOut().println(Sha256.of(json));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }

    private static ArtifactRef ref(ContentHasher hasher, Path p) throws IOException {
      Path name = p.toAbsolutePath().normalize().getFileName();
      return new ArtifactRef(name == null ? "/" : name.toString(), hasher.hash(p));
    }
  }

  /** {@code manifest sign}. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Sign a training manifest as a DSSE JSON envelope (application/vnd.in-toto+json).",
        "The manifest file's bytes are signed as they are, after checking they parse.",
        "Prints the envelope's digest, the artifact of record; --store also puts it in the store."
      })
  public static final class Sign implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VerboseOption verbose;
    @Mixin CasOption cas;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "PEM private key.")
    Path key;

    @Parameters(paramLabel = "MANIFEST.json", description = "The training manifest to sign.")
    Path manifest;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "ENVELOPE.json",
        description = "Where to write the DSSE envelope (JSON); its directory must exist.")
    Path out;

    @Option(
        names = "--store",
        description = "Also store the envelope in the content-addressed store.")
    boolean store;

    @Override
    public Integer call() throws Exception {
      OutputFiles.check(spec, "--out", out);
      InputFiles.check(spec, "MANIFEST.json", manifest);
      Signer signer = Signer.fromPrivateKeyFile(key);
      byte[] payload = Files.readAllBytes(manifest);
      TrainingManifest.fromJson(payload);
      DsseEnvelope envelope = signer.envelope(SignedManifests.PAYLOAD_TYPE, payload);
      byte[] json = envelope.toJson();
      OutputFiles.write(spec, "--out", out, () -> Files.write(out, json));
      Digest digest = Sha256.of(json);
      if (store) {
        ContentStore cs = cas.store();
        Digest stored = cs.putBytes(json);
        if (!stored.equals(digest)) {
          throw new IllegalStateException("stored digest differs from the written envelope's");
        }
      }
      spec.commandLine().getOut().println(digest);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code manifest verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a signed training manifest and print what it records.",
        "Exit 0 when a trusted key signed it and it is a valid manifest, 1 otherwise."
      })
  public static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VerboseOption verbose;

    @Option(
        names = "--pub",
        required = true,
        paramLabel = "PUB",
        description = "Trusted PEM public key (repeatable).")
    List<Path> publicKeys;

    @Option(
        names = "--threshold",
        paramLabel = "N",
        description = "Distinct trusted keys required (default ${DEFAULT-VALUE}).")
    int threshold = 1;

    @Parameters(
        paramLabel = "ENVELOPE.json",
        description = "The signed manifest: a DSSE JSON envelope.")
    Path envelope;

    @Override
    public Integer call() throws Exception {
      InputFiles.check(spec, "ENVELOPE.json", envelope);
      var verifier = VerifyCommand.verifier(spec, publicKeys, threshold);
      byte[] bytes = Files.readAllBytes(envelope);
      DsseEnvelope env = DsseEnvelope.fromJson(bytes);
      SignedManifests.VerifiedManifest v = SignedManifests.verify(env, verifier);
      PrintWriter out = spec.commandLine().getOut();
      TrainingManifest m = v.manifest();
      out.println("verified: " + Sha256.of(bytes));
      for (String id : v.result().verifiedKeyIds()) {
        out.println("signed by " + id);
      }
      for (ArtifactRef s : m.subjects()) {
        out.println("model " + s.digest() + " " + s.name());
      }
      for (ArtifactRef d : m.datasets()) {
        out.println("dataset " + d.digest() + " " + d.name());
      }
      out.println("code " + m.codeCommit());
      out.println("image " + m.containerImage());
      out.flush();
      return ExitCodes.OK;
    }
  }
}
