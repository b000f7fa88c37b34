package dev.lineage.impact.analysis;

import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The id of a retraining trigger: {@code sha256:} of a length-prefixed encoding of a domain tag,
 * the request id and the model id (each as a 4-byte big-endian UTF-8 byte length, then the bytes).
 * The same request and model always give the same id, so a consumer recognises a repeat; the length
 * prefixes make it unambiguous ({@code "ab"+"c"} and {@code "a"+"bc"} differ).
 */
public final class TriggerIds {
  /** Versions the encoding: a change of scheme must never produce an old id for a new meaning. */
  static final String DOMAIN = "lineage.retraining-trigger.v1";

  /** The domain of a prediction's invalidation obligation: never equal to a trigger's id. */
  static final String PREDICTION_DOMAIN = "lineage.prediction-invalidation.v1";

  private TriggerIds() {}

  public static String of(String requestId, String modelId) {
    return of(DOMAIN, requestId, modelId);
  }

  /**
   * The id of the obligation to invalidate {@code predictionId}, a prediction artifact the impact
   * report of {@code requestId} lists: the same scheme under its own domain tag.
   */
  public static String ofPrediction(String requestId, String predictionId) {
    return of(PREDICTION_DOMAIN, requestId, predictionId);
  }

  private static String of(String domain, String requestId, String nodeId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    field(bytes, domain);
    field(bytes, requestId);
    field(bytes, nodeId);
    MessageDigest sha = Sha256.newDigest();
    return Digest.of(sha.digest(bytes.toByteArray())).toString();
  }

  private static void field(ByteArrayOutputStream out, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >>> 24);
    out.write(b.length >>> 16);
    out.write(b.length >>> 8);
    out.write(b.length);
    out.write(b, 0, b.length);
  }
}
