package dev.leti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leti.features.nb101.InvalidCellException;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101CellJson;
import dev.leti.features.nb101.Nb101Features;
import dev.leti.features.nb201.InvalidArchException;
import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.jobs.model.PredictJob;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti predict}: latencies from a device's newest model, features computed on the fly. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Predicts latencies on a device with its newest model: CSV arch_hash|arch_index, device,",
        "predicted_ms, error (an invalid architecture gets an error row). --all predicts the whole space into the lake."})
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;
  @Mixin ArchitectureOptions archs;

  @Option(names = "--device", required = true, paramLabel = "D", description = "the device whose model predicts")
  String device;

  @Option(names = "--indices", paramLabel = "F", description = "nb201: a file of official indices, one per line")
  Path indicesFile;

  @Option(names = "--all", description = "predict every architecture of the space into gold/predictions_<space>")
  boolean all;

  @Option(names = "--out", paramLabel = "F.csv", description = "write the CSV here instead of standard output")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (indicesFile != null) {
      for (String line : Files.readAllLines(indicesFile)) {
        if (!line.isBlank()) {
          try {
            archs.indices.add(Integer.parseInt(line.strip()));
          } catch (NumberFormatException e) {
            throw new UserException(indicesFile + ": '" + line.strip() + "' is not an index");
          }
        }
      }
    }
    List<PredictJob.Input> inputs = all ? List.of() : inputs();
    return spark.withSession("predict", session -> {
      PredictJob job = new PredictJob(spark.lake(), archs.space.name(), device);
      PrintWriter console = spec.commandLine().getOut();
      if (all) {
        console.println("wrote " + job.predictAll(session));
      } else {
        StringBuilder csv = new StringBuilder(archs.space == Space.nb101 ? "arch_hash" : "arch_index")
            .append(",device,predicted_ms,error\n");
        for (PredictJob.Prediction p : job.predict(session, inputs)) {
          csv.append(p.id() == null ? "" : p.id()).append(',').append(p.device()).append(',')
              .append(p.predictedMs() == null ? "" : String.format(Locale.ROOT, "%.6f", p.predictedMs())).append(',')
              .append(p.error() == null ? "" : '"' + p.error().replace("\"", "\"\"") + '"').append('\n');
        }
        if (out != null) {
          Files.writeString(out, csv, StandardCharsets.UTF_8);
          console.println("wrote " + inputs.size() + " predictions to " + out);
        } else {
          console.print(csv);
        }
      }
      console.flush();
      return 0;
    });
  }

  private List<PredictJob.Input> inputs() throws Exception {
    List<PredictJob.Input> inputs = new ArrayList<>();
    if (archs.space == Space.nb101) {
      for (JsonNode node : archs.nb101Cells()) {
        try {
          Nb101Cell cell = Nb101CellJson.parse(node);
          inputs.add(new PredictJob.Input(cell.hash(), Nb101Features.compute(cell), null));
        } catch (InvalidCellException e) {
          inputs.add(new PredictJob.Input(null, null, e.code() + ": " + e.getMessage()));
        }
      }
    } else {
      archs.requireNb201();
      List<Nb201Arch> parsed = new ArrayList<>();
      for (String text : archs.archs) {
        try {
          parsed.add(Nb201Arch.parse(text));
        } catch (InvalidArchException e) {
          inputs.add(new PredictJob.Input(null, null, e.code() + ": " + e.getMessage()));
        }
      }
      for (int index : archs.indices) {
        try {
          parsed.add(Nb201Index.arch(index));
        } catch (IllegalArgumentException e) {
          inputs.add(new PredictJob.Input(String.valueOf(index), null, "bad_index: " + e.getMessage()));
        }
      }
      for (Nb201Arch a : parsed) {
        inputs.add(new PredictJob.Input(String.valueOf(Nb201Index.indexOf(a)), Nb201Features.compute(a), null));
      }
    }
    return inputs;
  }
}
