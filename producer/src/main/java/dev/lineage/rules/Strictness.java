package dev.lineage.rules;

/**
 * How strictly {@link EventRulebook} judges an event: the one intended difference between who signs
 * an event and who reads it.
 *
 * <ul>
 *   <li>{@link #ACCEPT} — what a reader ({@code lineage-streams}, the impact service, the keyring)
 *       requires before it folds an event into its state: the rules whose breach would break
 *       something later (an id that cannot key a store, a {@code name:} reference whose target
 *       changes, a time that does not sort). An event that passes is accepted; one that fails goes
 *       to {@code lineage.rejected} with the violation's reason and safe detail.
 *   <li>{@link #PUBLISH} — every {@code ACCEPT} rule, plus the hygiene a publisher is held to
 *       before an event becomes signed history: figures in their ranges, labels short and
 *       printable, a run with inputs and outputs, a grant with roles. Readers do not apply these,
 *       so events signed before a hygiene rule existed (or by other clients) stay readable.
 * </ul>
 */
public enum Strictness {
  PUBLISH,
  ACCEPT
}
