package dev.lineage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's retraining on the seed's real features_v47: the request's rows are gone from the
 * rebuilt dataset and nothing else is, the model is a logistic regression trained on what is left,
 * and the same input gives the same bytes (an orchestrator restarted in the middle names the same
 * digests).
 */
class DemoRetrainingTest {
  @TempDir Path dir;

  @Test
  void rebuildsFeaturesWithoutTheRequestsRowsAndTrainsTheSameBytesEachTime() throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    SeedScenario seed = SeedScenario.create(dir.resolve("seed"), root, producer, Clock.systemUTC());
    byte[] features = Files.readAllBytes(seed.files().get("features"));
    assertThat(Sha256.of(features)).isEqualTo(SeedScenario.featuresDigest());
    String text = new String(features, StandardCharsets.UTF_8);
    for (String key : SeedScenario.DEMO_DELETED_TRANSACTIONS) {
      assertThat(text).contains(key + ",");
    }
    RetrainingTriggered t = trigger(seed);
    ExcludedRecords excluded = ExcludedRecords.of(SeedScenario.DEMO_DELETED_TRANSACTIONS);

    Retraining.Result first = retrain(t, seed, excluded, features, "a");
    Retraining.Result again = retrain(t, seed, excluded, features, "b");

    String rebuilt = Files.readString(first.dataset());
    List<String> rows = rebuilt.lines().toList();
    assertThat(rows.get(0)).isEqualTo(text.lines().findFirst().orElseThrow());
    assertThat(rows).hasSize((int) text.lines().count() - 3);
    assertThat(first.datasetRows()).isEqualTo(rows.size() - 1L);
    for (String key : SeedScenario.DEMO_DELETED_TRANSACTIONS) {
      assertThat(rebuilt).doesNotContain(key);
    }
    // every other row kept, unchanged and in order
    assertThat(rows)
        .containsExactlyElementsOf(
            text.lines()
                .filter(
                    l -> SeedScenario.DEMO_DELETED_TRANSACTIONS.stream().noneMatch(l::startsWith))
                .toList());
    String model = Files.readString(first.model());
    assertThat(model)
        .startsWith("model_m93: logistic regression of fraud on velocity, merchant_risk,")
        .contains("trained on 13 rows of " + Sha256.ofFile(first.dataset()))
        .containsPattern("velocity -?\\d+\\.\\d{6}\\n")
        .contains("training accuracy ");
    // the signals do separate the labels: a model that learnt nothing would not fit them
    int correct = Integer.parseInt(model.replaceAll("(?s).*training accuracy (\\d+)/13\\n", "$1"));
    assertThat(correct).isGreaterThanOrEqualTo(11);
    assertThat(Files.readAllBytes(again.model())).isEqualTo(Files.readAllBytes(first.model()));
    assertThat(Files.readAllBytes(again.dataset())).isEqualTo(Files.readAllBytes(first.dataset()));
    // the full data trains another model
    Retraining.Result all = retrain(t, seed, ExcludedRecords.of(List.of()), features, "c");
    assertThat(Files.readAllBytes(all.model())).isNotEqualTo(Files.readAllBytes(first.model()));

    // the next names: name:model_m92 keeps naming the superseded model
    assertThat(first.datasetName()).isEqualTo("features_v48");
    assertThat(first.modelName()).isEqualTo("model_m93");
    assertThat(DemoRetraining.successor("v09")).isEqualTo("v10");
    assertThat(DemoRetraining.successor("churn")).isEqualTo("churn_retrained");
    TrainingManifest.Builder b =
        TrainingManifest.builder()
            .subject(first.modelName(), Sha256.ofFile(first.model()))
            .dataset(first.datasetName(), Sha256.ofFile(first.dataset()))
            .createdAt(Instant.now());
    first.manifest().accept(b);
    assertThat(b.build().codeCommit().toString()).isEqualTo(SeedScenario.CODE_COMMIT);
  }

  @Test
  void theAffectedDatasetIsTheSnapshotJustBeforeTheTrainingRun() throws Exception {
    Signer key = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    SeedScenario seed = SeedScenario.create(dir.resolve("seed"), key, key, Clock.systemUTC());
    assertThat(Orchestrator.affectedDataset(trigger(seed)).getId()).isEqualTo(seed.features());
    RetrainingTriggered noDataset = trigger(seed);
    noDataset.setPaths(
        List.of(
            List.of(
                new PathNode(SeedScenario.SOURCE, "transactions_q1"),
                new PathNode(SeedScenario.TRAINING_RUN, null),
                new PathNode(seed.model(), "model_m92"))));
    assertThatThrownBy(() -> Orchestrator.affectedDataset(noDataset))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no path names a content-addressed dataset");
  }

  @Test
  void excludedRecordsNeverShowTheirKeysAndIdsDeriveFromTheTrigger() {
    ExcludedRecords keys = ExcludedRecords.of(List.of(" txn-a ", "txn-b", "", "txn-a"));
    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.contains("txn-a")).isTrue();
    assertThat(keys.contains("txn-c")).isFalse();
    assertThat(keys.toString()).isEqualTo("ExcludedRecords[2 keys]").doesNotContain("txn");
    String trigger = "sha256:" + "ab12".repeat(16);
    assertThat(Orchestrator.trainingRunId(trigger))
        .isEqualTo("run:orchestrate-ab12ab12ab12ab12-train");
    assertThat(Orchestrator.rebuildRunId(trigger))
        .isEqualTo("run:orchestrate-ab12ab12ab12ab12-rebuild");
  }

  private Retraining.Result retrain(
      RetrainingTriggered t,
      SeedScenario seed,
      ExcludedRecords excluded,
      byte[] features,
      String work)
      throws Exception {
    Path out = Files.createDirectories(dir.resolve(work));
    return new DemoRetraining()
        .retrain(
            new Retraining.Job(
                t,
                Digest.parse(seed.features()),
                "features_v47",
                excluded,
                out,
                () -> new ByteArrayInputStream(features)));
  }

  private static RetrainingTriggered trigger(SeedScenario seed) {
    return RetrainingTriggered.newBuilder()
        .setTriggerId("sha256:" + "0f".repeat(32))
        .setRequestId("gdpr-test")
        .setCause(ImpactCause.DELETION)
        .setModelId(seed.model())
        .setModelName("model_m92")
        .setTrainingRunId(SeedScenario.TRAINING_RUN)
        .setPaths(
            List.of(
                List.of(
                    new PathNode(SeedScenario.SOURCE, "transactions_q1"),
                    new PathNode(SeedScenario.EXTRACTION_RUN, null),
                    new PathNode(seed.features(), "features_v47"),
                    new PathNode(SeedScenario.TRAINING_RUN, null),
                    new PathNode(seed.model(), "model_m92"))))
        .setAction(RetrainingAction.RETRAIN)
        .setDecisionRule("test")
        .setSignedAt(Instant.now())
        .build();
  }
}
