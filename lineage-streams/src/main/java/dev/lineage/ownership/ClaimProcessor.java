package dev.lineage.ownership;

import dev.lineage.trust.Reasons;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds one kind of claim, in the partition that owns it: records arrive keyed by what they claim
 * (a name or a node id; see {@link Registration#claimKey}) and the first accepted one in arrival
 * order owns it for ever. A signature only proves who said something; this is what stops a second
 * key from saying something else about the same id or name.
 *
 * <ul>
 *   <li>A name belongs to the key that first registered an artifact under it; the owner may
 *       register more versions and digests under it, another key is refused {@code name-taken}.
 *   <li>An id belongs to its first registration: signer, kind and content (for a run: inputs,
 *       outputs, manifest, process). The owner re-sending the same content is a no-op (the same
 *       envelope again passes on, so a replay folds to nothing new); anything else is refused
 *       {@code conflict}, naming the owner's key.
 * </ul>
 *
 * Refusals are forwarded with their reason set, for the rejected topic; nothing refused changes the
 * graph. The store is changelogged and written in the same transaction as the output.
 */
public final class ClaimProcessor implements Processor<String, Registration, String, Registration> {
  /** What the processor's records are keyed by. */
  public enum Scope {
    NAME,
    ID
  }

  private final Scope scope;
  private final String storeName;
  private ProcessorContext<String, Registration> context;
  private KeyValueStore<String, Claim> claims;

  public ClaimProcessor(Scope scope, String storeName) {
    this.scope = scope;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, Registration> context) {
    this.context = context;
    this.claims = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Registration> record) {
    Registration r = record.value();
    String claimed = scope == Scope.NAME ? r.name() : r.id();
    if (r.rejected() || claimed == null) {
      // refused earlier, or claims nothing of this kind (a run has no name, an attestation no id)
      context.forward(record);
      return;
    }
    Claim owner = claims.get(claimed);
    if (owner == null) {
      claims.put(
          claimed,
          new Claim(
              r.signer(), scope == Scope.ID ? r.content() : null, r.envelope(), r.appendedAt()));
      context.forward(record);
      return;
    }
    switch (scope) {
      case NAME -> {
        if (owner.signer().equals(r.signer())) {
          context.forward(record);
        } else {
          context.forward(
              record.withValue(
                  r.refuse(
                      Reasons.NAME_TAKEN,
                      "the name belongs to key "
                          + owner.signer()
                          + ", which first registered it"
                          + since(owner)
                          + "; another key cannot use it")));
        }
      }
      case ID -> {
        boolean sameFacts =
            owner.signer().equals(r.signer()) && owner.content().equals(r.content());
        if (sameFacts && owner.envelope().equals(r.envelope())) {
          context.forward(record);
        } else if (!sameFacts) {
          context.forward(
              record.withValue(
                  r.refuse(
                      Reasons.CONFLICT,
                      "the id is owned by key "
                          + owner.signer()
                          + since(owner)
                          + (owner.signer().equals(r.signer())
                              ? "; its owner cannot change what it registered"
                              : "; another key cannot re-register it"))));
        }
        // the owner re-sending the same facts in a new envelope: nothing to change
      }
    }
  }

  /**
   * When the owner's registration was appended. Details name key ids and times only, never a field
   * of the refused event, and stay under the rejected topic's 200 characters.
   */
  private static String since(Claim owner) {
    return " at " + Instant.ofEpochMilli(owner.appendedAt());
  }
}
