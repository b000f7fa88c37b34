package dev.lineage.impact.analysis;

/** Where the analysis learns about a model's training manifest: the CAS in the app. */
@FunctionalInterface
public interface ManifestSource {
  /**
   * The manifest {@code manifestDigest} (null when the run declares none) of {@code trainingRun},
   * checked for {@code modelId}.
   */
  ManifestCheck check(String trainingRun, String manifestDigest, String modelId);
}
