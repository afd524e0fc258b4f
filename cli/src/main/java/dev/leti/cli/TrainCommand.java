package dev.leti.cli;

import dev.leti.cli.config.LetiConfig;
import dev.leti.cli.workflow.Workflow;
import dev.leti.jobs.model.Metrics;
import dev.leti.jobs.model.ModelPromotion;
import dev.leti.jobs.model.TrainModelsJob;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti train}: a GBT latency model per device, with baselines on the same held-out archs. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a gradient-boosted model of log latency per device from the lake's training set, and",
        "three baselines on the same held-out archs; records models and metrics, and prints the metrics."})
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--space", defaultValue = "nb101", description = "nb101 (default) or nb201")
  Space space;

  @Option(names = "--device", paramLabel = "D", description = "only this device (repeatable; default: all)")
  List<String> devices = new ArrayList<>();

  @Option(names = "--seed", description = "split and model seed (default: models.seed, 7)")
  Long seed;

  @Option(names = "--test-percent", description = "share of archs held out for testing (default: models.test_percent, 20)")
  Integer testPercent;

  @Option(names = "--drift-neighbours", defaultValue = "3",
      description = {"training sessions on each side in time whose residuals estimate the device's drift at a",
          "session; models learn the corrected medians and are judged against raw and corrected (0: off;",
          "default ${DEFAULT-VALUE})"})
  int driftNeighbours;

  @Override
  public Integer call() throws Exception {
    LetiConfig config = spark.config();
    long splitSeed = seed != null ? seed : config.models().seed();
    int heldOut = testPercent != null ? testPercent : config.models().testPercent();
    return spark.withSession("train", session -> {
      List<TrainModelsJob.DeviceModels> trained = new TrainModelsJob(spark.lake()).seed(splitSeed)
          .testPercent(heldOut).quick(config.models().quick())
          .driftNeighbours(driftNeighbours).devices(devices).run(session, space.name());
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%-24s %-18s %-15s %6s %6s %9s %7s %7s %7s %8s %7s%n", "device", "model", "target",
          "train", "test", "rmse_ms", "mape", "±5%", "±10%", "spearman", "kendall");
      for (TrainModelsJob.DeviceModels m : trained) {
        for (TrainModelsJob.Evaluation e : m.evaluations()) {
          Metrics x = e.metrics();
          out.printf(Locale.ROOT, "%-24s %-18s %-15s %6d %6d %9.4f %7.3f %7.3f %7.3f %8.3f %7.3f%n", e.device(),
              e.model(), e.target(), e.nTrain(), x.n(), x.rmseMs(), x.mape(), x.within5(), x.within10(), x.spearman(), x.kendall());
        }
      }
      for (TrainModelsJob.DeviceModels m : trained) {
        out.printf(Locale.ROOT, "%s: the new version serves %s%n", m.device(), m.servedChoice());
      }
      List<String> trainedDevices = trained.stream().map(TrainModelsJob.DeviceModels::device).toList();
      for (ModelPromotion.Decision d : Workflow.promotion(session, spark.lake(), config, splitSeed, heldOut)
          .run(space.name(), trainedDevices, "train-" + System.currentTimeMillis())) {
        out.printf(Locale.ROOT, "%s: %s %s (%s)%n", d.device(), d.candidate(), d.promoted() ? "promoted" : "NOT promoted",
            d.reason());
      }
      out.flush();
      return 0;
    });
  }
}
