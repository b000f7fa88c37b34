package dev.lineage.signing;

import java.security.KeyPair;
import java.util.List;
import java.util.Locale;

/**
 * Signatures and verifications per second on one thread, for docs/benchmarks.md. Not a test: run it
 * by hand with {@code java -cp <test classpath> dev.lineage.signing.SigningBenchmark [seconds]}.
 */
public final class SigningBenchmark {
  private SigningBenchmark() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    byte[] payload = new byte[1024];
    for (Algorithm a : Algorithm.values()) {
      KeyPair kp = KeyPairs.generate(a);
      Signer signer = new Signer(kp);
      Verifier verifier = new Verifier(List.of(kp.getPublic()));
      DsseEnvelope env = signer.envelope("application/vnd.lineage.bench+avro", payload);
      measure(
          a + " sign", seconds, () -> signer.sign("application/vnd.lineage.bench+avro", payload));
      measure(
          a + " verify",
          seconds,
          () -> {
            if (!verifier.verify(env).verified()) {
              throw new IllegalStateException("benchmark envelope did not verify");
            }
          });
    }
  }

  private static void measure(String what, double seconds, Runnable op) {
    long warmupEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      op.run();
    }
    long n = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      op.run();
      n++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT, "%-28s %9.0f ops/s (%d in %.1f s)%n", what, n / elapsed, n, elapsed);
  }
}
