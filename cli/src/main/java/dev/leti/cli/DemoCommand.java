package dev.leti.cli;

import dev.leti.cli.config.LetiConfig;
import dev.leti.cli.workflow.RunLog;
import dev.leti.cli.workflow.Workflow;
import dev.leti.collector.ArchRef;
import dev.leti.jobs.lake.LetiSpark;
import dev.leti.collector.Collector;
import dev.leti.collector.DeviceSelection;
import dev.leti.collector.WorkList;
import dev.leti.collector.campaign.CampaignPlan;
import dev.leti.lake.Lake;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti demo}: the whole product on this machine, from measuring to the report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Measures a seeded sample of NAS-Bench-101 cells on the host device (one device per thread count),",
        "runs the pipeline, trains and evaluates a model per device, promotes it, analyses transfer between the",
        "devices, writes the report and prints three SQL queries to try. Running it again resumes: measured",
        "sessions are kept. Sizes: the demo section of the configuration, or the options here."})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--sample", description = "cells measured (default: demo.sample, 60)")
  Integer sample;

  @Option(names = "--seed", description = "seed of the sample (default: demo.seed, 1)")
  Long seed;

  @Option(names = "--warmup", description = "warm-up inferences per session (default: demo.warmup, 3)")
  Integer warmup;

  @Option(names = "--runs", description = "measured inferences per session (default: demo.runs, 15)")
  Integer runs;

  @Option(names = "--threads", split = ",", description = "host thread counts, one device each (default: demo.threads, 1,2)")
  List<Integer> threads;

  @Override
  public Integer call() throws Exception {
    LetiConfig config = spark.config();
    LetiConfig.Demo d = config.demo();
    LetiConfig.Demo demo = new LetiConfig.Demo(sample != null ? sample : d.sample(), seed != null ? seed : d.seed(),
        warmup != null ? warmup : d.warmup(), runs != null ? runs : d.runs(), threads != null ? threads : d.threads(),
        d.modelSearch());
    Lake lake = spark.lake();
    PrintWriter out = spec.commandLine().getOut();
    try (RunLog log = new RunLog(out, null)) {
      log.info("leti demo: " + demo.sample() + " NAS-Bench-101 cells (seed " + demo.seed() + ") x host threads "
          + demo.threads() + ", " + demo.warmup() + " warm-up + " + demo.runs() + " runs each, into " + lake.root());
      List<ArchRef> archs = WorkList.sample("nb101", demo.sample(), demo.seed());
      CampaignPlan plan = CollectCommand.plan("nb101", archs, null, demo.warmup(), demo.runs(), null,
          config.collect().referenceEvery(), config.collect().sessionTimeoutS());
      for (int t : demo.threads()) {
        log.step("collect host, " + t + (t == 1 ? " thread" : " threads"), () -> CollectCommand.collect(
            new Collector.Request(DeviceSelection.parse("host"), plan, lake, CollectCommand.defaultExportDir(), null,
                Duration.ZERO, CollectCommand.defaultLog(plan), t, Collector.PhoneRunner.under(SparkOptions.home())))
            .summary());
      }
      spark.withSession("demo", session -> {
        Workflow work = new Workflow(session, lake, config, log, "demo");
        work.pipeline();
        work.trainAndPromote("nb101", demo.modelSearch().equals("quick"));
        // the demo's devices share every arch: a short curve (one seed) shows the shape in a minute or two
        work.transfer("nb101", List.of(0, 5, 10, 20), 1);
        log.info("The report is " + work.report(Path.of(LetiSpark.localDir(lake, "report"))));
        return 0;
      });
      log.info("");
      log.info("The lake is " + lake.root() + "; try (tables are in the database leti):");
      for (String query : QUERIES) {
        log.info("  scripts/leti sql -e \"" + query + "\"");
      }
    }
    return 0;
  }

  static final List<String> QUERIES = List.of(
      "SELECT device_id, count(*) AS archs, round(percentile(latency_ms, 0.5), 3) AS median_ms FROM latency_medians "
          + "GROUP BY device_id",
      "SELECT device_id, model, round(within_10, 3) AS within_10, round(spearman, 3) AS spearman FROM model_metrics "
          + "ORDER BY device_id, within_10 DESC",
      "SELECT m.device_id, m.arch_id, round(m.latency_ms, 3) AS ms, f.macs FROM latency_medians m JOIN "
          + "arch_features_nb101 f ON m.arch_id = f.arch_id ORDER BY m.latency_ms DESC LIMIT 5");
}
