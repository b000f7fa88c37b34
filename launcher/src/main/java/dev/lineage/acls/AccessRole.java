package dev.lineage.acls;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who talks to Kafka, by what they do: the keys of a principal map and the rows of the ACL table in
 * docs/deployment.md. The signing roles (PRODUCER, GDPR_REQUESTER, ...) decide which events count;
 * these decide which principal may write or read which topic at all.
 */
public enum AccessRole {
  /** Training and feature pipelines (signing role PRODUCER): artifacts and runs. */
  PIPELINE("pipeline"),
  /** GDPR systems (GDPR_REQUESTER): deletion requests. */
  GDPR("gdpr"),
  /** Whoever files bug reports: bug reports. */
  BUG_REPORTER("bug-reporter"),
  /** Review boards (APPROVER): deployment approvals. */
  APPROVER("approver"),
  /** Operators (root or ADMIN keys): key grants and revocations. */
  OPERATOR("operator"),
  /** Retraining orchestrators: read triggers and reports, and the keys to verify them. */
  ORCHESTRATOR("orchestrator"),
  /** The lineage-streams application. */
  LINEAGE_STREAMS("lineage-streams"),
  /** The impact-service application. */
  IMPACT_SERVICE("impact-service");

  private final String key;

  AccessRole(String key) {
    this.key = key;
  }

  /** The name in a principal map, e.g. {@code bug-reporter}. */
  public String key() {
    return key;
  }

  public static Optional<AccessRole> byKey(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.key.equals(k)).findFirst();
  }

  /** The keys of every role, for messages. */
  public static String keys() {
    return String.join(", ", Arrays.stream(values()).map(AccessRole::key).toList());
  }
}
