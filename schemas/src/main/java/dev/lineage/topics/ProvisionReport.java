package dev.lineage.topics;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TopicProvisioner#ensure} found: which declared topics it created and which were there
 * already (and matched their declaration).
 *
 * @param created names of the topics created by this call, in declaration order
 * @param existing names of the topics that already existed, in declaration order
 */
public record ProvisionReport(List<String> created, List<String> existing) {
  public ProvisionReport {
    created = List.copyOf(Objects.requireNonNull(created, "created"));
    existing = List.copyOf(Objects.requireNonNull(existing, "existing"));
  }

  /** True when every declared topic was already there: the call changed nothing. */
  public boolean changedNothing() {
    return created.isEmpty();
  }

  /** One line for a person: "9 created, 0 already there". */
  public String summary() {
    return created.size() + " created, " + existing.size() + " already there";
  }
}
