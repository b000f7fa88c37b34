package dev.lineage.orchestrate;

import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.id.Digest;
import dev.lineage.manifest.TrainingManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The seam a platform team fills in to adapt {@link Orchestrator}: given a verified trigger and the
 * record keys of its request, produce the new dataset and the new model as files. Everything around
 * it — consuming and verifying triggers, fetching the record list, the CAS, the signed events, the
 * manifest declaring the exclusion, the completion, idempotency — is the orchestrator's and stays
 * the same for every pipeline.
 *
 * <p>An implementation must leave out every row whose record key {@link Job#excluded()} contains,
 * must not write the keys anywhere (not in a log, not in a file it leaves behind), and should be
 * deterministic: the orchestrator may call it again for the same trigger after a restart, and names
 * what it published by the files' digests. {@link DemoRetraining} is the demo's.
 */
public interface Retraining {
  /**
   * Rebuilds the affected dataset without the excluded records and trains the model again.
   *
   * @param job what to rebuild, where to write
   * @return the files written under {@link Job#workDir()} and how to describe them
   * @throws IOException when the input cannot be read or the output not written
   */
  Result retrain(Job job) throws IOException;

  /**
   * One retraining to do.
   *
   * @param trigger the verified trigger (its model, training run and paths)
   * @param affectedDataset the content-addressed snapshot the model was trained on (on the
   *     trigger's path, just before its training run), which holds the records
   * @param affectedDatasetName its registered name, if the trigger's path names it
   * @param excluded the request's record keys: the rows to leave out
   * @param workDir an empty directory for the output files, deleted afterwards
   * @param input opens the affected dataset's bytes (from the CAS)
   */
  record Job(
      RetrainingTriggered trigger,
      Digest affectedDataset,
      String affectedDatasetName,
      ExcludedRecords excluded,
      Path workDir,
      Input input) {
    public Job {
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(affectedDataset, "affectedDataset");
      Objects.requireNonNull(excluded, "excluded");
      Objects.requireNonNull(workDir, "workDir");
      Objects.requireNonNull(input, "input");
    }

    /** The affected dataset's bytes, opened fresh; the caller closes the stream. */
    public InputStream openAffectedDataset() throws IOException {
      return input.open();
    }
  }

  /** Opens a snapshot's bytes. */
  @FunctionalInterface
  interface Input {
    InputStream open() throws IOException;
  }

  /**
   * What one retraining produced.
   *
   * @param rebuild the process that rebuilt the dataset (a run from the affected dataset to {@code
   *     dataset})
   * @param dataset the rebuilt dataset file (a directory works too: the CAS keeps directories)
   * @param datasetName the name to register it under (with a new version)
   * @param datasetRows its record count, if known (null otherwise)
   * @param train the process that trained the model (a run from {@code dataset} to {@code model})
   * @param model the new model file
   * @param modelName the name to register it under (with a new version)
   * @param manifest fills in what the training manifest says about the training itself (code
   *     commit, lock file, container image, seeds, libraries, hardware, privacy); the orchestrator
   *     adds the subject, the dataset, the exclusion and the time
   */
  record Result(
      Step rebuild,
      Path dataset,
      String datasetName,
      Long datasetRows,
      Step train,
      Path model,
      String modelName,
      Consumer<TrainingManifest.Builder> manifest) {
    public Result {
      Objects.requireNonNull(rebuild, "rebuild");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(datasetName, "datasetName");
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(modelName, "modelName");
      Objects.requireNonNull(manifest, "manifest");
    }
  }

  /**
   * A process run by the retraining, as its run event names it.
   *
   * @param process the process name
   * @param version its version
   * @param config the digest of its configuration, if it has one
   * @param environment what the run's environment records (e.g. {@code cpu.arch})
   */
  record Step(String process, String version, Digest config, Map<String, String> environment) {
    public Step {
      Objects.requireNonNull(process, "process");
      Objects.requireNonNull(version, "version");
      environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
  }
}
