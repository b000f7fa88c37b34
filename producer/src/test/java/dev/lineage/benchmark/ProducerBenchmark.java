package dev.lineage.benchmark;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.hash.ContentHasher;
import dev.lineage.id.Digest;
import dev.lineage.publish.Events;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.Verifier;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The producer's figures for docs/benchmarks.md: DSSE sign and verify rates on one thread, and the
 * hashing throughput of {@code lineage hash} ({@link ContentHasher}) against coreutils {@code
 * sha256sum} on the same file in the same run ({@code openssl dgst -sha256} too, as a reference for
 * what the CPU's SHA instructions give, when openssl is installed). Not a test (tests never assert
 * wall-clock times): run it with {@code scripts/bench-producer.sh}.
 *
 * <p>Arguments: {@code [--seconds S] [--gib N] [--runs R] [--dir DIR]}: one-second rounds measured
 * per signing figure (default 5, after 3 s of warm-up), size of the hashed file in GiB (default 1),
 * timed hashing runs of each tool (default 3, after one untimed run of each that also fills the
 * page cache), and where the file is created (default: the JVM's temporary directory). The file is
 * deleted at the end.
 */
public final class ProducerBenchmark {
  private static final long GIB = 1L << 30;
  private static final int CHUNK = 1 << 20;

  /**
   * BouncyCastle's Ed25519 verification kept getting faster for several seconds (JIT) and read
   * about 40% low after a 1-second warm-up.
   */
  private static final long WARMUP_SECONDS = 3;

  private ProducerBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = 5;
    int gib = 1;
    int runs = 3;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--gib" -> gib = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; expected --seconds, --gib, --runs, --dir");
      }
    }
    PrintStream out = System.out;
    signing(out, seconds);
    hashing(out, dir, gib, runs);
  }

  /** Sign and verify rates per algorithm; the payload is a real ArtifactRegistered event. */
  static void signing(PrintStream out, double seconds) {
    String type = EventType.ARTIFACT_REGISTERED.payloadType();
    byte[] payload =
        EventType.ARTIFACT_REGISTERED.encode(
            Events.artifact("sha256:" + "ab".repeat(32), ArtifactKind.DATASET, "features_v47")
                .version("47")
                .recordCount(1_250_000L)
                .attribute("team", "fraud")
                .signedAt(Instant.parse("2025-03-01T10:15:30.123Z"))
                .build());
    out.printf(
        Locale.ROOT,
        "DSSE on one thread: %d-byte ArtifactRegistered payload, after %d s warm-up%n",
        payload.length,
        WARMUP_SECONDS);
    for (Algorithm a : Algorithm.values()) {
      KeyPair kp = KeyPairs.generate(a);
      Signer signer = new Signer(kp);
      Verifier verifier = new Verifier(List.of(kp.getPublic()));
      DsseEnvelope envelope = signer.envelope(type, payload);
      byte[] recordValue = AvroEnvelopes.recordValue(envelope);
      measure(out, a + " sign", seconds, () -> signer.sign(type, payload));
      measure(
          out,
          a + " verify",
          seconds,
          () -> {
            if (!verifier.verify(envelope).verified()) {
              throw new IllegalStateException("benchmark envelope did not verify");
            }
          });
      // what a consumer does per record: decode the Avro envelope, then verify
      measure(
          out,
          a + " decode+verify",
          seconds,
          () -> {
            if (!verifier.verify(AvroEnvelopes.fromRecordValue(recordValue)).verified()) {
              throw new IllegalStateException("benchmark record did not verify");
            }
          });
    }
  }

  /**
   * Rounds of one second after the warm-up; the best round is what the code can do, the median what
   * it did on a machine shared with other work.
   */
  private static void measure(PrintStream out, String what, double seconds, Runnable op) {
    long warmupEnd = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      op.run();
    }
    int rounds = Math.max(1, (int) Math.round(seconds));
    List<Double> rates = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long n = 0;
      long start = System.nanoTime();
      long end = start + 1_000_000_000L;
      while (System.nanoTime() < end) {
        op.run();
        n++;
      }
      rates.add(n / ((System.nanoTime() - start) / 1e9));
    }
    Collections.sort(rates);
    out.printf(
        Locale.ROOT,
        "  %-32s best %7.0f ops/s, median %7.0f ops/s  (%d rounds of 1 s)%n",
        what,
        rates.get(rates.size() - 1),
        rates.get(rates.size() / 2),
        rounds);
  }

  /** ContentHasher against sha256sum, alternating, on one file that stays in the page cache. */
  static void hashing(PrintStream out, Path dir, int gib, int runs) throws Exception {
    Path tmp = Files.createTempDirectory(dir, "lineage-bench-");
    Path file = tmp.resolve("random.bin");
    try {
      write(file, gib * GIB);
      ContentHasher hasher = ContentHasher.create();
      Digest expected = hasher.hash(file);
      String coreutils = digestOutput(file, "sha256sum");
      if (!coreutils.equals(expected.hex())) {
        throw new IllegalStateException(
            "sha256sum says " + coreutils + ", ContentHasher " + expected.hex());
      }
      boolean openssl = hasOpenssl();
      List<Double> lineage = new ArrayList<>();
      List<Double> sha256sum = new ArrayList<>();
      List<Double> opensslTimes = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        Digest d = hasher.hash(file);
        lineage.add((System.nanoTime() - t0) / 1e9);
        if (!d.equals(expected)) {
          throw new IllegalStateException("ContentHasher changed its mind");
        }
        t0 = System.nanoTime();
        digestOutput(file, "sha256sum");
        sha256sum.add((System.nanoTime() - t0) / 1e9);
        if (openssl) {
          t0 = System.nanoTime();
          String hex = digestOutput(file, "openssl", "dgst", "-sha256", "-r");
          opensslTimes.add((System.nanoTime() - t0) / 1e9);
          if (!hex.equals(expected.hex())) {
            throw new IllegalStateException("openssl says " + hex + ", ContentHasher " + expected);
          }
        }
      }
      out.printf(
          Locale.ROOT,
          "SHA-256 of a %d GiB file in %s (page cache warm; %d timed runs each, alternating)%n",
          gib,
          dir,
          runs);
      double bytes = gib * (double) GIB;
      report(out, "ContentHasher (lineage hash)", bytes, lineage);
      report(out, "sha256sum (coreutils)", bytes, sha256sum);
      if (openssl) {
        report(out, "openssl dgst -sha256 (reference)", bytes, opensslTimes);
      }
      out.printf(
          Locale.ROOT,
          "  ratio lineage / sha256sum (best)  %.2f x%n",
          Collections.min(sha256sum) / Collections.min(lineage));
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(tmp);
    }
  }

  private static void report(PrintStream out, String what, double bytes, List<Double> times) {
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    double best = sorted.get(0);
    double median = sorted.get(sorted.size() / 2);
    out.printf(
        Locale.ROOT,
        "  %-32s best %.2f GiB/s (%.2f s), median %.2f GiB/s%n",
        what,
        bytes / GIB / best,
        best,
        bytes / GIB / median);
  }

  /** Random bytes, not zeros: nothing below the hasher can take a shortcut. */
  private static void write(Path file, long size) throws IOException {
    byte[] chunk = new byte[CHUNK];
    SplittableRandom random = new SplittableRandom(42);
    try (OutputStream os = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += CHUNK) {
        for (int i = 0; i < CHUNK; i += 8) {
          long v = random.nextLong();
          for (int b = 0; b < 8; b++) {
            chunk[i + b] = (byte) (v >>> (8 * b));
          }
        }
        os.write(chunk, 0, (int) Math.min(CHUNK, size - written));
      }
    }
  }

  /** Runs a tool that prints {@code <64 hex> <name>} and returns the hex. */
  private static String digestOutput(Path file, String... command)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(command));
    argv.add(file.toString());
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed");
    }
    return output.substring(0, 64);
  }

  private static boolean hasOpenssl() {
    try {
      Process p =
          new ProcessBuilder("openssl", "version")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException absent) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
