package dev.lineage.graph;

import java.util.Comparator;

/**
 * One (name, version, node) registration. {@code name:<name>} resolves to the entry with the latest
 * {@code registeredAt} among the name's entries, {@code name:<name>@<version>} to the latest among
 * that version's: "latest" is the most recently <em>signed</em> registration, a time the producer
 * vouched for, not arrival order, so every replica and every replay agree.
 *
 * @param nodeId the registered node
 * @param version null when registered without one
 * @param registeredAt the latest signed time of a registration of this node under this name and
 *     version
 * @param envelope that registration's envelope digest
 */
public record NameEntry(String nodeId, String version, long registeredAt, String envelope) {
  private static final Comparator<NameEntry> RECENCY =
      Comparator.comparingLong(NameEntry::registeredAt).thenComparing(NameEntry::envelope);

  public static NameEntry merge(NameEntry current, NameEntry incoming) {
    if (current == null) {
      return incoming;
    }
    return RECENCY.compare(incoming, current) > 0 ? incoming : current;
  }

  /** The more recent of two entries, for resolving a name. */
  public static NameEntry latest(NameEntry a, NameEntry b) {
    return a == null ? b : RECENCY.compare(b, a) > 0 ? b : a;
  }
}
