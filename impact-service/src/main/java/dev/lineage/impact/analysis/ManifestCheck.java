package dev.lineage.impact.analysis;

import dev.lineage.manifest.TrainingManifest;

/** What could be established about a model's training manifest. */
public sealed interface ManifestCheck {
  /**
   * The manifest was read from the CAS and signed by a key that held {@code PRODUCER} when it was
   * created.
   *
   * @param signer the id of the key that vouches for it
   */
  record Verified(String digest, TrainingManifest manifest, String signer)
      implements ManifestCheck {}

  /**
   * No usable manifest.
   *
   * @param why a complete, log-safe phrase, e.g. {@code "manifest sha256:… not in the CAS"}
   */
  record Unusable(String why) implements ManifestCheck {}
}
