package dev.lineage.manifest;

import dev.lineage.id.Digest;
import java.util.Objects;

/**
 * A named artifact by digest, written as an in-toto ResourceDescriptor {@code {name, digest:
 * {sha256}}}. The name is a label for people (a file name, a dataset name); the digest is the
 * identity.
 */
public record ArtifactRef(String name, Digest digest) implements Comparable<ArtifactRef> {
  public static final int MAX_NAME_LENGTH = 512;

  public ArtifactRef {
    Objects.requireNonNull(digest, "digest");
    checkLabel("artifact name", name, MAX_NAME_LENGTH);
  }

  @Override
  public int compareTo(ArtifactRef o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : digest.compareTo(o.digest);
  }

  /** Labels are free text for people, but never empty, huge, or holding control characters. */
  static void checkLabel(String what, String s, int max) {
    if (s == null || s.isEmpty()) {
      throw new ManifestFormatException(what + " is empty");
    }
    if (s.length() > max) {
      throw new ManifestFormatException(what + " is longer than " + max + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        throw new ManifestFormatException(what + " contains a control character");
      }
    }
  }
}
