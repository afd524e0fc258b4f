package dev.leti.cli.workflow;

import dev.leti.cli.config.LetiConfig;
import dev.leti.jobs.model.ModelPromotion;
import dev.leti.jobs.model.TrainModelsJob;
import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.jobs.report.ReportJob;
import dev.leti.jobs.transfer.TransferJob;
import dev.leti.jobs.transfer.TransferMatrix;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The steps the demo and the nightly run share, each one job of the lake over one Spark session, logged as a
 * step: import an inbox, the pipeline, training, promotion, the transfer analysis, the report.
 */
public final class Workflow {
  private final SparkSession spark;
  private final Lake lake;
  private final LetiConfig config;
  private final RunLog log;
  private final String runId;

  public Workflow(SparkSession spark, Lake lake, LetiConfig config, RunLog log, String runId) {
    this.spark = spark;
    this.lake = lake;
    this.config = config;
    this.log = log;
    this.runId = runId;
  }

  /**
   * Imports every folder of the inbox that holds {@code runs.csv[.gz]} (with {@code sessions.csv[.gz]} and
   * {@code devices.json} when present), in name order; folders imported before are recognised and skipped.
   */
  public void importInbox(Path inbox) throws Exception {
    log.step("import", () -> {
      if (!Files.isDirectory(inbox)) {
        return "no inbox at " + inbox;
      }
      List<Path> folders;
      try (Stream<Path> list = Files.list(inbox)) {
        folders = list.filter(Files::isDirectory).sorted().collect(Collectors.toList());
      }
      int imported = 0;
      int skipped = 0;
      for (Path folder : folders) {
        Path runs = either(folder, "runs.csv");
        if (runs == null) {
          log.info("  " + folder.getFileName() + ": no runs.csv[.gz], left alone");
          continue;
        }
        Path sessions = either(folder, "sessions.csv");
        Path devices = folder.resolve("devices.json");
        ImportRunsJob.Result r = new ImportRunsJob(lake).runs(runs.toString())
            .sessions(sessions == null ? null : sessions.toString())
            .devices(Files.exists(devices) ? devices.toString() : null).run(spark);
        if (r.alreadyImported()) {
          skipped++;
        } else {
          imported++;
          log.info(String.format(Locale.ROOT, "  %s: batch %s, runs=%d sessions=%d devices=%d",
              folder.getFileName(), r.batchId(), r.runs(), r.sessions(), r.devices()));
        }
      }
      return "imported " + imported + ", already imported " + skipped;
    });
  }

  private static Path either(Path folder, String name) {
    for (Path p : List.of(folder.resolve(name), folder.resolve(name + ".gz"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  public void pipeline() throws Exception {
    log.step("pipeline", () -> {
      PipelineJob.Result r = new PipelineJob(lake).rules(config.pipeline().rules()).run(spark);
      return String.format(Locale.ROOT, "run %s, rows_in %,d = clean %,d + outliers %,d + quarantined %,d, "
          + "medians %,d", r.runId(), r.count("rows_in"), r.count("clean"), r.count("outliers"),
          r.count("quarantined"), r.count("medians"));
    });
  }

  /** The spaces that have a training set in the lake. */
  public List<String> trainableSpaces() throws IOException {
    List<String> out = new ArrayList<>();
    for (String space : List.of("nb101", "nb201")) {
      if (TrainingSet.exists(spark, lake, space)) {
        out.add(space);
      }
    }
    return out;
  }

  /**
   * Trains every device of the space (with one small setting instead of the search when {@code quick}), then
   * judges each new model against the promoted one.
   */
  public List<ModelPromotion.Decision> trainAndPromote(String space, boolean quick) throws Exception {
    List<String> devices = new ArrayList<>();
    log.step("train " + space, () -> {
      List<TrainModelsJob.DeviceModels> trained = new TrainModelsJob(lake).seed(config.models().seed())
          .testPercent(config.models().testPercent()).quick(quick).run(spark, space);
      for (TrainModelsJob.DeviceModels m : trained) {
        devices.add(m.device());
        for (TrainModelsJob.Evaluation e : m.evaluations()) {
          log.info(String.format(Locale.ROOT, "  %-24s %-18s %-15s train %4d test %4d  ±10%% %.3f  spearman %.3f",
              e.device(), e.model(), e.target(), e.nTrain(), e.metrics().n(), e.metrics().within10(),
              e.metrics().spearman()));
        }
        log.info("  " + m.device() + ": the new version serves " + m.servedChoice());
      }
      return trained.size() + " device(s)";
    });
    List<ModelPromotion.Decision> decisions = new ArrayList<>();
    log.step("promote " + space, () -> {
      decisions.addAll(promotion(spark, lake, config, config.models().seed(), config.models().testPercent())
          .run(space, devices, runId));
      for (ModelPromotion.Decision d : decisions) {
        log.info(String.format(Locale.ROOT, "  %-24s %s %s (%s)%s", d.device(), d.candidate(),
            d.promoted() ? "promoted" : "NOT promoted", d.reason(),
            d.retired().isEmpty() ? "" : "; retired " + d.retired()));
      }
      return decisions.stream().filter(ModelPromotion.Decision::promoted).count() + " of " + decisions.size()
          + " promoted";
    });
    return decisions;
  }

  /** The transfer matrix and few-shot curves of the space's devices, over {@code sizes} shots and {@code seeds}. */
  public void transfer(String space, List<Integer> sizes, int seeds) throws Exception {
    log.step("transfer " + space, () -> {
      TransferJob.Result r = new TransferJob(lake).space(space).sizes(sizes).seeds(seeds)
          .split(config.models().seed(), config.models().testPercent()).run(spark);
      for (TransferMatrix.Row m : r.matrix()) {
        log.info(String.format(Locale.ROOT, "  %-24s -> %-24s common %4d  rho_0 %.3f  ±10%% after %d-shot "
            + "recalibration %.3f", m.source(), m.target(), m.commonArchs(), m.spearmanZeroShot(), m.k(),
            m.within10Recalibrated()));
      }
      return "run " + r.runId() + ": matrix " + r.matrix().size() + " pairs, curves " + r.curves().size() + " rows";
    });
  }

  /** The report page of the whole lake into {@code out}. */
  public Path report(Path out) throws Exception {
    Path[] page = new Path[1];
    log.step("report", () -> {
      ReportJob.Result r = new ReportJob(lake, out).run(spark);
      r.notes().forEach(n -> log.info("  note: " + n));
      page[0] = r.page().toAbsolutePath();
      return page[0] + " (" + r.images().size() + " charts)";
    });
    return page[0];
  }

  /** The promotion rule as configured, for models trained with this split. */
  public static ModelPromotion promotion(SparkSession spark, Lake lake, LetiConfig config, long seed,
      int testPercent) {
    return new ModelPromotion(spark, lake).tolerance(config.nightly().promotionTolerance())
        .keep(config.nightly().keepModelVersions()).split(seed, testPercent);
  }
}
