package dev.lineage.graph;

import java.util.Comparator;

/**
 * One (name, version, node) registration. {@code name:<name>} resolves to the entry with the latest
 * {@code registeredAt} among the name's entries, {@code name:<name>@<version>} to the latest among
 * that version's: "latest" is the most recently <em>appended</em> registration (the broker's time,
 * which a signer cannot choose), so a registration dated 2099 does not outrank today's.
 *
 * @param nodeId the registered node
 * @param version null when registered without one
 * @param registeredAt the broker's append time of the latest registration of this node under this
 *     name and version
 * @param envelope that registration's envelope digest
 * @param signer the key that registered it: one name has one owner, so all of a name's entries name
 *     the same key (entries from several keys make the name contested)
 */
public record NameEntry(
    String nodeId, String version, long registeredAt, String envelope, String signer) {
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
