package dev.leti.jobs.model;

import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the NB-201 quality benchmark's split as CSV, so another model (scikit-learn's, say) is trained on exactly
 * our training archs and judged on exactly our test archs: one row per (device, arch) of the sample with its role
 * ({@code train} or {@code test}, the judged archs), measured and predicted ms (empty for training archs), whether
 * the device reports whole ms, scikit-learn's published figure for the device if issue 4 gives one, and every
 * {@link Nb201Features} column of the arch.
 */
public final class Nb201QualitySplit {
  private Nb201QualitySplit() {}

  /** The file's columns, in order. */
  public static List<String> header() {
    List<String> names = new ArrayList<>(
        List.of("device", "source", "arch_index", "role", "latency_ms", "predicted_ms", "whole_ms",
            "sklearn_published"));
    names.addAll(Nb201Features.SCHEMA.names());
    return names;
  }

  public static void write(List<Nb201Quality.DeviceResult> results, Path file) throws IOException {
    // the same archs come back for every device: each arch's network is built once
    Map<Integer, String> features = new HashMap<>();
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", header()));
      out.write('\n');
      for (Nb201Quality.DeviceResult r : results) {
        for (Nb201Quality.ArchOutcome a : r.archs()) {
          out.write(r.device() + "," + r.source() + "," + a.archIndex() + "," + (a.train() ? "train" : "test") + ","
              + a.measuredMs() + "," + (a.train() ? "" : Double.toString(a.predictedMs())) + ","
              + (r.wholeMs() ? 1 : 0) + "," + (r.sklearn() == null ? "" : r.sklearn()) + ",");
          out.write(features.computeIfAbsent(a.archIndex(), Nb201QualitySplit::featureText));
          out.write('\n');
        }
      }
    }
  }

  private static String featureText(int archIndex) {
    StringBuilder s = new StringBuilder();
    for (long x : Nb201Features.compute(Nb201Index.arch(archIndex))) {
      s.append(s.isEmpty() ? "" : ",").append(x);
    }
    return s.toString();
  }
}
