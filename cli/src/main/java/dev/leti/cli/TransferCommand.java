package dev.leti.cli;

import dev.leti.jobs.model.Metrics;
import dev.leti.jobs.transfer.FewShotCurves;
import dev.leti.jobs.transfer.TransferData;
import dev.leti.jobs.transfer.TransferJob;
import dev.leti.jobs.transfer.TransferMatrix;
import dev.leti.jobs.transfer.TransferPrediction;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti transfer}: one device's latencies from another's and a few measured archs, or the whole analysis. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = {"With --out: recalibrates the source device's latencies on --shots archs of the target (drawn",
        "from the target's training archs with --seed) and writes a prediction for every arch of the lake's training",
        "set: CSV arch_id,device,predicted_ms,measured_ms. Without --out: runs the transfer matrix (every ordered",
        "device pair, --shots archs for the recalibration) and the few-shot curves (of --target, or every device)",
        "into leti.transfer_matrix and leti.transfer_curves, and prints a summary."})
final class TransferCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--space", defaultValue = "nb101", description = "nb101 (default) or nb201")
  Space space;

  @Option(names = "--source", paramLabel = "S", description = "the device whose latencies are transferred (--out)")
  String source;

  @Option(names = "--target", paramLabel = "T", description = "the device predicted (default without --out: all)")
  String target;

  @Option(names = "--shots", paramLabel = "K", defaultValue = "20",
      description = "target archs fitted on (default ${DEFAULT-VALUE})")
  int shots;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "which archs are drawn (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--seeds", defaultValue = "3",
      description = "without --out: repetitions of each fit with other archs (default ${DEFAULT-VALUE})")
  int seeds;

  @Option(names = "--out", paramLabel = "F.csv", description = "write the target's predictions here")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (shots < 0) {
      throw new UserException("--shots must be at least 0, got " + shots);
    }
    if (out != null && (source == null || target == null)) {
      throw new UserException("--out needs --source and --target");
    }
    return spark.withSession("transfer", session -> {
      PrintWriter console = spec.commandLine().getOut();
      if (out != null) {
        predict(session, console);
      } else {
        analyse(session, console);
      }
      console.flush();
      return 0;
    });
  }

  private void predict(org.apache.spark.sql.SparkSession session, PrintWriter console) throws Exception {
    TransferData data = TransferData.load(session, spark.lake(), space.name(), spark.config().models().seed(),
        spark.config().models().testPercent());
    TransferPrediction.Result r = TransferPrediction.run(session, data, source, target, shots, seed);
    StringBuilder csv = new StringBuilder("arch_id,device,predicted_ms,measured_ms\n");
    for (TransferPrediction.Prediction p : r.predictions()) {
      csv.append(p.archId()).append(',').append(p.device()).append(',')
          .append(String.format(Locale.ROOT, "%.6f", p.predictedMs())).append(',')
          .append(p.measuredMs() == null ? "" : String.format(Locale.ROOT, "%.6f", p.measuredMs())).append('\n');
    }
    Files.writeString(out, csv, StandardCharsets.UTF_8);
    console.printf(Locale.ROOT, "wrote %d predictions of %s to %s%n", r.predictions().size(), target, out);
    console.printf(Locale.ROOT, "%s = %.4g * %s^%.4f (fitted on %d archs, seed %d; %d source values from its model)%n",
        target, Math.exp(r.recalibration().intercept()), source, r.recalibration().slope(), r.shots(), seed,
        r.sourceModelled());
    Metrics m = r.heldOut();
    if (m != null) {
      console.printf(Locale.ROOT, "held-out archs: n=%d within10=%.3f spearman=%.3f rmse_ms=%.4f mape=%.3f%n", m.n(),
          m.within10(), m.spearman(), m.rmseMs(), m.mape());
    }
  }

  private void analyse(org.apache.spark.sql.SparkSession session, PrintWriter console) {
    TransferJob.Result r = new TransferJob(spark.lake()).space(space.name()).matrixShots(Math.max(shots, 1))
        .seeds(seeds).split(spark.config().models().seed(), spark.config().models().testPercent()).targets(target == null ? List.of() : List.of(target)).run(session);
    console.printf(Locale.ROOT, "transfer run %s (%s): matrix %d pairs, curves %d rows, %.1f s%n", r.runId(),
        space.name(), r.matrix().size(), r.curves().size(), r.seconds());
    console.printf(Locale.ROOT, "%-20s %-20s %6s %8s %8s %4s %9s %9s%n", "source", "target", "common", "rho_0",
        "tau_0", "k", "±10%_rec", "rho_rec");
    for (TransferMatrix.Row m : r.matrix()) {
      console.printf(Locale.ROOT, "%-20s %-20s %6d %8.3f %8.3f %4d %9.3f %9.3f%n", m.source(), m.target(),
          m.commonArchs(), m.spearmanZeroShot(), m.kendallZeroShot(), m.k(), m.within10Recalibrated(),
          m.spearmanRecalibrated());
    }
    console.printf(Locale.ROOT, "few-shot curves, mean over seeds: ±10%% share / Spearman on held-out archs%n");
    console.printf(Locale.ROOT, "%-20s %-20s %5s %5s %8s %8s%n", "target", "method", "k", "seeds", "±10%", "rho");
    for (FewShotCurves.Mean m : FewShotCurves.means(r.curves())) {
      console.printf(Locale.ROOT, "%-20s %-20s %5d %5d %8.3f %8.3f%n", m.target(), m.method(), m.k(), m.seeds(),
          m.within10(), m.spearman());
    }
  }
}
