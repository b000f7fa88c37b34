package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.cas.ContentStore;
import dev.lineage.hash.ContentHasher;
import dev.lineage.hash.TestTrees;
import dev.lineage.id.Digest;
import dev.lineage.signing.DsseEnvelope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String IMAGE = "ghcr.io/acme/trainer@sha256:" + "b".repeat(64);

  @TempDir Path tmp;
  String cas;

  record Run(int code, String out, String err) {}

  static Run run(Object command, String... args) {
    CommandLine cl = Cli.commandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void setUp() {
    cas = tmp.resolve("cas").toString();
  }

  @Test
  void hashPrintsTheDigestAloneOnStdout() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Run r = run(new HashCommand(), dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(ContentHasher.create().hash(dir) + "\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void hashRefusesSymlinksUnlessAskedWithOneLineAndUsageCode() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("b"));
    Run refused = run(new HashCommand(), dir.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).contains("symbolic link refused").contains("link");
    assertThat(refused.err().strip().lines()).hasSize(1);
    assertThat(refused.err()).doesNotContain("at dev.lineage");

    Run verbose = run(new HashCommand(), "--verbose", dir.toString());
    assertThat(verbose.err()).contains("at dev.lineage");

    Run followed = run(new HashCommand(), "--follow-symlinks", dir.toString());
    assertThat(followed.code()).isZero();
    assertThat(followed.out()).startsWith("sha256:");
  }

  @Test
  void missingInputIsAUsageError() {
    Run r = run(new HashCommand(), tmp.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no such file");
    assertThat(run(new HashCommand()).code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void putGetFsckRoundTripAndCorruption() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Run put = run(new PutCommand(), "--cas", cas, dir.toString());
    assertThat(put.code()).isZero();
    Digest d = Digest.parse(put.out().strip());
    assertThat(d).isEqualTo(ContentHasher.create().hash(dir));

    Run get =
        run(new GetCommand(), "--cas", cas, d.toString(), "--out", tmp.resolve("back").toString());
    assertThat(get.code()).isZero();
    assertThat(ContentHasher.create().hash(tmp.resolve("back"))).isEqualTo(d);
    Run again =
        run(new GetCommand(), "--cas", cas, d.toString(), "--out", tmp.resolve("back").toString());
    assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("will not overwrite");

    Run fsck = run(new FsckCommand(), "--cas", cas);
    assertThat(fsck.code()).isZero();
    assertThat(fsck.out()).contains("0 corrupt");

    ContentStore store = new ContentStore(Path.of(cas));
    Digest member = store.readManifest(d).entries().get(0).digest();
    Path object = store.path(member).orElseThrow();
    Files.setPosixFilePermissions(
        object, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    byte[] b = Files.readAllBytes(object);
    b[0] ^= 1;
    Files.write(object, b);

    Run corrupt =
        run(new GetCommand(), "--cas", cas, d.toString(), "--out", tmp.resolve("back2").toString());
    assertThat(corrupt.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(corrupt.err()).contains("corrupt object " + member);
    Run damaged = run(new FsckCommand(), "--cas", cas);
    assertThat(damaged.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(damaged.out()).contains("corrupt " + member);
  }

  @Test
  void gettingAnErasedSnapshotFailsNamingTheRequestItWasErasedFor() throws Exception {
    ContentStore store = new ContentStore(Path.of(cas));
    Digest d = store.putBytes("account,score\ncust-1,0.9\n".getBytes(StandardCharsets.UTF_8));
    store.erase(
        d,
        dev.lineage.cas.ErasureFact.unsigned(
            "gdpr-2025-7", java.time.Instant.parse("2025-03-01T00:00:00Z")));

    Run r = run(new GetCommand(), "--cas", cas, d.toString(), "--out", tmp.resolve("x").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err())
        .contains("object " + d)
        .contains("was erased for request gdpr-2025-7 at 2025-03-01T00:00:00Z")
        .doesNotContain("I/O error");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void malformedDigestIsAUsageErrorThatExplains() {
    Run r = run(new GetCommand(), "--cas", cas, "sha256:" + "A".repeat(64), "--out", "x");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("uppercase");
    Run md5 = run(new GetCommand(), "--cas", cas, "md5:abc", "--out", "x");
    assertThat(md5.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(md5.err()).contains("not supported");
  }

  @Test
  void casLocationComesFromOptionThenEnvironmentThenHome() {
    assertThat(CasOption.resolve(Path.of("/x"), Map.of(CasOption.ENV, "/y")))
        .isEqualTo(Path.of("/x"));
    assertThat(CasOption.resolve(null, Map.of(CasOption.ENV, "/y"))).isEqualTo(Path.of("/y"));
    assertThat(CasOption.resolve(null, Map.of())).isEqualTo(ContentStore.defaultRoot());
    assertThat(ContentStore.defaultRoot().endsWith(Path.of(".lineage", "cas"))).isTrue();
  }

  @Test
  void keygenSignVerify() throws Exception {
    String prefix = tmp.resolve("alice").toString();
    Run keygen = run(new KeygenCommand(), "--out", prefix);
    assertThat(keygen.code()).isZero();
    assertThat(keygen.out().strip()).matches("[0-9a-f]{64}");
    assertThat(Files.getPosixFilePermissions(Path.of(prefix + ".key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(run(new KeygenCommand(), "--out", prefix).code()).isEqualTo(ExitCodes.USAGE);
    assertThat(
            run(
                    new KeygenCommand(),
                    "--out",
                    tmp.resolve("mallory").toString(),
                    "--algorithm",
                    "ed25519")
                .code())
        .isZero();
    Run badAlg =
        run(new KeygenCommand(), "--out", tmp.resolve("x").toString(), "--algorithm", "rsa");
    assertThat(badAlg.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badAlg.err()).contains("p256 or ed25519");

    Path payload = tmp.resolve("payload.bin");
    Files.writeString(payload, "héllo");
    Run sign =
        run(
            new SignCommand(),
            "--key",
            prefix + ".key",
            "--payload-type",
            "application/vnd.test+json",
            payload.toString());
    assertThat(sign.code()).isZero();
    DsseEnvelope env = DsseEnvelope.fromJson(sign.out());
    assertThat(env.payload()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
    assertThat(env.signatures().get(0).keyid()).isEqualTo(keygen.out().strip());
    Path envFile = tmp.resolve("env.json");
    Files.writeString(envFile, sign.out());

    Run ok = run(new VerifyCommand(), "--pub", prefix + ".pub", envFile.toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("signed by " + keygen.out().strip());

    Run wrongKey =
        run(
            new VerifyCommand(),
            "--pub",
            tmp.resolve("mallory.pub").toString(),
            envFile.toString());
    assertThat(wrongKey.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(wrongKey.err()).contains("no signature verifies against a trusted key");

    Path tampered = tmp.resolve("tampered.json");
    Files.writeString(
        tampered,
        sign.out()
            .replace(
                Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8))));
    Run bad = run(new VerifyCommand(), "--pub", prefix + ".pub", tampered.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(bad.err()).contains("bad signature");

    Path garbage = tmp.resolve("garbage.json");
    Files.writeString(garbage, "{\"payload\":");
    Run malformed = run(new VerifyCommand(), "--pub", prefix + ".pub", garbage.toString());
    assertThat(malformed.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(malformed.err()).contains("not a DSSE JSON envelope").doesNotContain("\tat ");

    Run notAKey = run(new VerifyCommand(), "--pub", payload.toString(), envFile.toString());
    assertThat(notAKey.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(notAKey.err()).contains("no PEM block");
    Run threshold =
        run(new VerifyCommand(), "--pub", prefix + ".pub", "--threshold", "2", envFile.toString());
    assertThat(threshold.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(threshold.err()).contains("can never be met");
  }

  @Test
  void manifestCreateSignStoreVerify() throws Exception {
    Path model = Files.writeString(tmp.resolve("model_m92.bin"), "weights");
    Path data = TestTrees.awkward(tmp.resolve("features_v47"));
    Path lock = Files.writeString(tmp.resolve("poetry.lock"), "torch==2.3.1\n");
    Path schema = Files.writeString(tmp.resolve("features.avsc"), "{}");
    Path manifest = tmp.resolve("manifest.json");
    Run create =
        run(
            new ManifestCommand(),
            "create",
            "--model",
            model.toString(),
            "--dataset",
            data.toString(),
            "--feature-schema",
            schema.toString(),
            "--lockfile",
            lock.toString(),
            "--code-commit",
            COMMIT,
            "--seed",
            "42",
            "--seed",
            "torch=7",
            "--container-image",
            IMAGE,
            "--library",
            "torch=2.3.1",
            "--privacy-epsilon",
            "1.5",
            "--privacy-delta",
            "1e-5",
            "--out",
            manifest.toString());
    assertThat(create.code()).as(create.err()).isZero();
    String json = Files.readString(manifest);
    assertThat(json)
        .contains("\"name\":\"features_v47\"")
        .contains("\"global\":42")
        .contains("\"epsilon\":1.5");
    assertThat(json).contains(ContentHasher.create().hash(data).hex());

    String prefix = tmp.resolve("trainer").toString();
    run(new KeygenCommand(), "--out", prefix);
    Path envelope = tmp.resolve("manifest.dsse.json");
    Run sign =
        run(
            new ManifestCommand(),
            "sign",
            "--key",
            prefix + ".key",
            manifest.toString(),
            "--out",
            envelope.toString(),
            "--store",
            "--cas",
            cas);
    assertThat(sign.code()).as(sign.err()).isZero();
    Digest of = Digest.parse(sign.out().strip());
    assertThat(new ContentStore(Path.of(cas)).readBytes(of))
        .isEqualTo(Files.readAllBytes(envelope));

    Run verify =
        run(new ManifestCommand(), "verify", "--pub", prefix + ".pub", envelope.toString());
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out())
        .contains("verified: " + of)
        .contains("model ")
        .contains("code git:" + COMMIT);

    run(new KeygenCommand(), "--out", tmp.resolve("other").toString());
    Run wrong =
        run(
            new ManifestCommand(),
            "verify",
            "--pub",
            tmp.resolve("other.pub").toString(),
            envelope.toString());
    assertThat(wrong.code()).isEqualTo(ExitCodes.CHECK_FAILED);

    Path notManifest = Files.writeString(tmp.resolve("x.json"), "{}");
    Run refused =
        run(
            new ManifestCommand(),
            "sign",
            "--key",
            prefix + ".key",
            notManifest.toString(),
            "--out",
            tmp.resolve("y").toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(refused.err()).contains("_type");
  }

  @Test
  void manifestCreateRefusesAMutableImageTag() throws Exception {
    Path model = Files.writeString(tmp.resolve("m.bin"), "w");
    Path lock = Files.writeString(tmp.resolve("l.lock"), "");
    Run r =
        run(
            new ManifestCommand(),
            "create",
            "--model",
            model.toString(),
            "--dataset",
            model.toString(),
            "--lockfile",
            lock.toString(),
            "--code-commit",
            COMMIT,
            "--seed",
            "1",
            "--container-image",
            "python:3.11",
            "--out",
            tmp.resolve("m.json").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("tag is mutable").contains("docker inspect");
    assertThat(tmp.resolve("m.json")).doesNotExist();

    Run half =
        run(
            new ManifestCommand(),
            "create",
            "--model",
            model.toString(),
            "--dataset",
            model.toString(),
            "--lockfile",
            lock.toString(),
            "--code-commit",
            COMMIT,
            "--seed",
            "1",
            "--container-image",
            IMAGE,
            "--privacy-epsilon",
            "1",
            "--out",
            tmp.resolve("m.json").toString());
    assertThat(half.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(half.err()).contains("--privacy-delta");
  }

  @CommandLine.Command(name = "fails")
  static final class FailsWithSteps implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new CommandFailedException(
          "the topics differ, refusing to use them", "steps:\n  kafka-configs.sh --alter", null);
    }
  }

  @Test
  void aFailedCommandWithStepsPrintsItsOneLineThenTheStepsAsTheyAre() {
    Run r = run(new FailsWithSteps());

    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err().lines())
        .containsExactly(
            "fails: the topics differ, refusing to use them",
            "steps:",
            "  kafka-configs.sh --alter");
  }

  @Test
  void exitCodeMapping() {
    assertThat(CliErrors.exitCode(new CheckFailedException("x"))).isEqualTo(1);
    assertThat(CliErrors.exitCode(new java.io.IOException("disk"))).isEqualTo(1);
    assertThat(CliErrors.exitCode(new dev.lineage.id.InvalidIdException("x"))).isEqualTo(2);
    assertThat(CliErrors.message(new IllegalStateException("a\nb"))).isEqualTo("error: a b");
  }
}
