package dev.lineage.graph;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * The node a name (at {@code version}, or any) resolves to among all of the name's entries, or
   * empty; when the entries name more than one key, empty, with each {@code node by key} added to
   * {@code contested}: a name is one key's, and picking one would let a key holder choose.
   */
  public static Optional<String> resolve(
      Iterable<NameEntry> entries, Optional<String> version, List<String> contested) {
    NameEntry latest = null;
    Map<String, String> keyByNode = new LinkedHashMap<>();
    for (NameEntry entry : entries) {
      keyByNode.put(entry.nodeId(), String.valueOf(entry.signer()));
      if (version.isEmpty() || version.get().equals(entry.version())) {
        latest = latest(latest, entry);
      }
    }
    if (keyByNode.values().stream().distinct().count() > 1) {
      keyByNode.forEach((node, key) -> contested.add(node + " by key " + key));
      return Optional.empty();
    }
    return Optional.ofNullable(latest).map(NameEntry::nodeId);
  }
}
