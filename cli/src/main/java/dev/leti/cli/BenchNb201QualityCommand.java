package dev.leti.cli;

import dev.leti.jobs.model.Nb201Quality;
import dev.leti.jobs.model.Nb201QualitySplit;
import java.io.PrintWriter;
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

/** {@code leti bench nb201-quality}: model accuracy per NB-201 device against scikit-learn's published figures. */
@Command(name = "nb201-quality", mixinStandardHelpOptions = true,
    description = {"Per device of the lake's NB-201 tables (leti import table, then leti pipeline): a model on a",
        "seeded sample of training archs, ±10 % accuracy on all the others, beside scikit-learn's published figure."})
final class BenchNb201QualityCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--device", paramLabel = "D", description = "only this device (repeatable; default: all)")
  List<String> devices = new ArrayList<>();

  @Option(names = "--train-archs", defaultValue = "1000", description = "training archs per device (default ${DEFAULT-VALUE})")
  int trainArchs;

  @Option(names = "--seed", defaultValue = "7", description = "sample and model seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--model", defaultValue = "ridge",
      description = "ridge (default: interaction ridge, degree and penalty chosen per device) or gbt (MLlib GBT)")
  String model;

  @Option(names = "--depth", defaultValue = "6", description = "GBT depth (default ${DEFAULT-VALUE})")
  int depth;

  @Option(names = "--iterations", defaultValue = "150", description = "GBT iterations (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--step", defaultValue = "0.1", description = "GBT step size (default ${DEFAULT-VALUE})")
  double step;

  @Option(names = "--validation",
      description = "judge on the last 20 % of the training sample instead of the test archs (to choose a setting)")
  boolean validation;

  @Option(names = "--split-out", paramLabel = "F.csv", description = {"write every device's training and judged"
      + " archs, measured and predicted ms and the arch features as CSV: scripts/bench-sklearn-nb201 trains",
      "scikit-learn on the same split and prints the comparison"})
  Path splitOut;

  @Override
  public Integer call() throws Exception {
    return spark.withSession("bench nb201-quality", session -> {
      PrintWriter out = spec.commandLine().getOut();
      long started = System.nanoTime();
      Nb201Quality.Model chosen = switch (model) {
        case "ridge" -> Nb201Quality.Model.RIDGE;
        case "gbt" -> Nb201Quality.Model.GBT;
        default -> throw new UserException("--model must be ridge or gbt, got '" + model + "'");
      };
      out.printf(Locale.ROOT, "bench nb201-quality: %s, seed %d, %s%n", chosen == Nb201Quality.Model.RIDGE
              ? "interaction ridge (setting chosen per device on 20 % of its training sample)"
              : String.format(Locale.ROOT, "GBT depth %d, %d iterations, step %.2f", depth, iterations, step), seed,
          validation ? "VALIDATION split (20 % of the training sample)" : "test = every arch not trained on");
      out.printf(Locale.ROOT, "%-46s %-6s %6s %6s %8s %8s %6s %7s  %s%n", "device", "source", "train", "test", "ours",
          "sklearn", "beaten", "seconds", "setting");
      out.flush();
      List<Nb201Quality.DeviceResult> results = new Nb201Quality(spark.lake()).seed(seed).trainArchs(trainArchs)
          .model(chosen).gbt(depth, iterations, step).run(session, devices, validation, r -> {
            Double theirs = r.sklearn();
            out.printf(Locale.ROOT, "%-46s %-6s %6d %6d %8.3f %8s %6s %7.1f  %s%s%n", r.device(), r.source(), r.nTrain(),
                r.nTest(), r.within10(), theirs == null ? "-" : String.format(Locale.ROOT, "%.3f", theirs),
                theirs == null ? "" : r.within10() > theirs ? "yes" : "no", r.seconds(),
                r.setting(), r.wholeMs() ? "  (whole ms: predictions rounded)" : "");
            out.flush();
          });
      int beaten = 0;
      int published = 0;
      double sum = 0;
      for (Nb201Quality.DeviceResult r : results) {
        if (r.sklearn() != null) {
          published++;
          beaten += r.within10() > r.sklearn() ? 1 : 0;
        }
        sum += r.within10();
      }
      out.printf(Locale.ROOT, "devices=%d mean_ours=%.3f mean_sklearn_42=%.3f beaten=%d/%d of the published figures"
              + " seconds=%.1f%n", results.size(), sum / Math.max(1, results.size()), Nb201Quality.SKLEARN_MEAN,
          beaten, published, (System.nanoTime() - started) / 1e9);
      if (splitOut != null) {
        Nb201QualitySplit.write(results, splitOut);
        out.println("split written to " + splitOut + " (scripts/bench-sklearn-nb201 " + splitOut + ")");
      }
      out.flush();
      return 0;
    });
  }
}
