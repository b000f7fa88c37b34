package dev.lineage.vault;

import dev.lineage.cas.ContentStore;
import dev.lineage.cas.ErasureFact;
import dev.lineage.id.Digest;
import dev.lineage.publish.RecordList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves the record lists that earlier versions kept in the write-once content-addressed store (the
 * salted objects {@code lineage delete} stored, {@value RecordList#HEADER_PREFIX}...) into a {@link
 * RecordListVault}, and tombstones the store's copy, so the store keeps no personal data.
 *
 * <p>The store does not know which request a list belongs to: the caller gives the record-set
 * digests of the deletion requests it knows (from the deletion-requests topic). A list no request
 * names is left where it is and reported, for an operator to decide.
 */
public final class RecordListMigration {
  private RecordListMigration() {}

  /** What became of one salted list found in the store. */
  public enum Outcome {
    /** Kept in the vault now, tombstoned in the store. */
    MOVED,
    /** The vault held it already (an earlier, interrupted run): tombstoned in the store. */
    ALREADY_IN_VAULT,
    /** No known request names it: left in the store. */
    UNMATCHED,
    /** The vault keeps a different list for the request: left in the store. */
    CONFLICT
  }

  /** One salted list found in the store. */
  public record Item(Digest digest, String requestId, Outcome outcome) {}

  /** Everything the migration found and did, in digest order. */
  public record Report(List<Item> items) {
    public Report {
      items = List.copyOf(items);
    }

    public List<Item> with(Outcome outcome) {
      return items.stream().filter(i -> i.outcome() == outcome).toList();
    }

    /** One line per list, for an operator. */
    public String toText() {
      StringBuilder b = new StringBuilder();
      b.append("record lists found in the content-addressed store: ")
          .append(items.size())
          .append('\n');
      for (Item i : items) {
        b.append("  ")
            .append(i.digest())
            .append("  ")
            .append(i.outcome())
            .append(i.requestId() == null ? "" : "  request " + i.requestId())
            .append('\n');
      }
      return b.toString();
    }
  }

  /**
   * Finds every salted record list in {@code cas}; moves those named by {@code requestsByDigest}
   * (record-set digest to request id) into {@code vault} and erases their store copy.
   */
  public static Report migrate(
      ContentStore cas, RecordListVault vault, Map<Digest, String> requestsByDigest, Clock clock)
      throws IOException {
    List<Item> items = new ArrayList<>();
    for (Digest d : cas.objectDigests()) {
      if (!startsSalted(cas, d)) {
        continue;
      }
      String requestId = requestsByDigest.get(d);
      if (requestId == null) {
        items.add(new Item(d, null, Outcome.UNMATCHED));
        continue;
      }
      Optional<RecordListVault.Entry> kept = vault.find(requestId);
      Outcome outcome;
      if (kept.isEmpty()) {
        vault.storeSalted(requestId, cas.readBytes(d));
        outcome = Outcome.MOVED;
      } else if (kept.get().digest().equals(d)) {
        outcome = Outcome.ALREADY_IN_VAULT;
      } else {
        items.add(new Item(d, requestId, Outcome.CONFLICT));
        continue;
      }
      cas.erase(d, ErasureFact.unsigned(requestId, clock.instant()));
      items.add(new Item(d, requestId, outcome));
    }
    return new Report(items);
  }

  private static boolean startsSalted(ContentStore cas, Digest d) throws IOException {
    Optional<Path> p = cas.path(d);
    if (p.isEmpty()) {
      return false;
    }
    byte[] head = new byte[RecordList.HEADER_PREFIX.length()];
    try (InputStream in = Files.newInputStream(p.get())) {
      int n = in.readNBytes(head, 0, head.length);
      return n == head.length && RecordList.looksSalted(head);
    }
  }
}
