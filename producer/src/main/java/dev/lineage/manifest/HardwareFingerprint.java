package dev.lineage.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a run ran on, as far as results can depend on it: CPU architecture and model, cores, GPU
 * type and count. Captured automatically; nothing personal (no host name, no user).
 *
 * @param arch {@code os.arch} of the JVM
 * @param cpuModel the first {@code model name} of /proc/cpuinfo, when there is one
 * @param cpuCores processors available to the JVM (container limits included)
 * @param gpuType distinct GPU names from nvidia-smi joined by ", ", when there are GPUs
 * @param gpuCount GPUs listed by nvidia-smi, 0 when it is absent
 */
public record HardwareFingerprint(
    String arch, String cpuModel, int cpuCores, String gpuType, int gpuCount) {

  static final long NVIDIA_SMI_TIMEOUT_SECONDS = 5;

  public HardwareFingerprint {
    ArtifactRef.checkLabel("hardware arch", arch, 64);
    if (cpuModel != null) {
      ArtifactRef.checkLabel("cpu model", cpuModel, 256);
    }
    if (gpuType != null) {
      ArtifactRef.checkLabel("gpu type", gpuType, 512);
    }
    if (cpuCores < 1 || gpuCount < 0) {
      throw new ManifestFormatException("cpu cores must be at least 1 and gpu count not negative");
    }
  }

  public Optional<String> cpuModelName() {
    return Optional.ofNullable(cpuModel);
  }

  public Optional<String> gpuTypeName() {
    return Optional.ofNullable(gpuType);
  }

  /**
   * The fingerprint as a run's environment map, with the field names of the manifest's {@code
   * hardware} object: {@code arch}, {@code cpuModel}, {@code cpuCores}, {@code gpuType}, {@code
   * gpuCount}; absent names are left out.
   */
  public Map<String, String> asEnvironment() {
    Map<String, String> env = new TreeMap<>();
    env.put("arch", arch);
    cpuModelName().ifPresent(m -> env.put("cpuModel", m));
    env.put("cpuCores", Integer.toString(cpuCores));
    gpuTypeName().ifPresent(g -> env.put("gpuType", g));
    env.put("gpuCount", Integer.toString(gpuCount));
    return Collections.unmodifiableMap(env);
  }

  /** The fingerprint of this machine; never fails for want of /proc or nvidia-smi. */
  public static HardwareFingerprint capture() {
    String cpuModel = null;
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (Files.isReadable(cpuinfo)) {
        cpuModel = cpuModelFrom(Files.readString(cpuinfo, StandardCharsets.UTF_8)).orElse(null);
      }
    } catch (IOException | RuntimeException unreadable) {
      cpuModel = null;
    }
    List<String> gpus = queryGpus();
    return new HardwareFingerprint(
        System.getProperty("os.arch"),
        cpuModel,
        Runtime.getRuntime().availableProcessors(),
        gpuTypeOf(gpus),
        gpus.size());
  }

  static Optional<String> cpuModelFrom(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
        String v = line.substring(colon + 1).trim();
        if (!v.isEmpty()) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  /** One GPU name per non-empty line, as {@code nvidia-smi --format=csv,noheader} prints them. */
  static List<String> gpusFrom(String nvidiaSmiOutput) {
    List<String> gpus = new ArrayList<>();
    for (String line : nvidiaSmiOutput.split("\n")) {
      String name = line.trim();
      if (!name.isEmpty()) {
        gpus.add(name);
      }
    }
    return gpus;
  }

  static String gpuTypeOf(List<String> gpus) {
    Set<String> distinct = new LinkedHashSet<>(gpus);
    return distinct.isEmpty() ? null : String.join(", ", distinct);
  }

  private static List<String> queryGpus() {
    Process p;
    try {
      p =
          new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
    } catch (IOException absent) {
      return List.of(); // no nvidia-smi: no NVIDIA GPU to report
    }
    try {
      p.getOutputStream().close();
      if (!p.waitFor(NVIDIA_SMI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      if (p.exitValue() != 0) {
        return List.of();
      }
      try (InputStream in = p.getInputStream()) {
        return gpusFrom(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return List.of();
    } catch (IOException e) {
      p.destroyForcibly();
      return List.of();
    }
  }
}
