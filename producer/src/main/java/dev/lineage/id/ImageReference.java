package dev.lineage.id;

/**
 * Reads a container image reference as people write it ({@code ghcr.io/acme/trainer@sha256:...},
 * {@code python:3.11@sha256:...}, or {@code oci:...}) and keeps only what identifies the image:
 * repository and digest. A reference without {@code @sha256:<digest>} is refused.
 */
public final class ImageReference {
  private ImageReference() {}

  /**
   * The {@code oci:} node id of {@code reference}.
   *
   * @throws MutableReferenceException when the reference has no digest
   * @throws InvalidIdException when it is malformed
   */
  public static NodeId parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidIdException("container image reference is empty");
    }
    String ref = reference.startsWith("oci:") ? reference.substring(4) : reference;
    int at = ref.indexOf('@');
    if (at < 0) {
      throw new MutableReferenceException(
          "container image '"
              + Digest.shown(reference)
              + "' is not pinned by digest: a tag is mutable, it can point to a different image"
              + " tomorrow, so the run could not be reproduced or audited. Give"
              + " <repository>@sha256:<digest>, e.g. the output of"
              + " docker inspect --format '{{index .RepoDigests 0}}' "
              + Digest.shown(reference));
    }
    String name = ref.substring(0, at);
    Digest digest = Digest.parse(ref.substring(at + 1));
    return NodeId.oci(stripTag(name), digest);
  }

  /** A tag before the digest only labels it; the digest decides which image it is. */
  private static String stripTag(String name) {
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    return colon > slash ? name.substring(0, colon) : name;
  }
}
