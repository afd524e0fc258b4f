package dev.leti.cli;

import dev.leti.jobs.pipeline.CleaningRules;
import dev.leti.jobs.pipeline.PipelineJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti pipeline}: validate, clean, medians, features and training sets over the whole lake. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Runs every stage over the committed raw data: validate (quarantine) -> clean (flags) ->",
        "medians -> features -> training sets. Prints the counts and the reconciliation."})
final class PipelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--until", defaultValue = "training_set",
      description = "stop after this stage: validate, clean, medians or training_set (default)")
  String until;

  @Option(names = "--outlier-rule", description = "mad or iqr (default: pipeline.outlier_rule, mad)")
  String outlierRule;

  @Option(names = "--min-good-runs",
      description = "fewer good runs: the session is not used (default: pipeline.min_good_runs, 5)")
  Integer minGoodRuns;

  @Option(names = "--exclude-drifting", negatable = true,
      description = "leave drifting sessions out of the medians (default: pipeline.exclude_drifting, false)")
  Boolean excludeDrifting;

  @Option(names = "--exclude-throttled", negatable = true,
      description = "leave throttled sessions out of the medians (default: pipeline.exclude_throttled, false)")
  Boolean excludeThrottled;

  /** The configured rules with this command line's options over them. */
  CleaningRules rules() {
    CleaningRules d = spark.config().pipeline().rules();
    return new CleaningRules(outlierRule != null ? outlierRule : d.outlierRule(), d.madK(), d.iqrK(),
        d.minRelativeSpread(), minGoodRuns != null ? minGoodRuns : d.minGoodRuns(), d.driftThreshold(),
        d.maxTemperatureRise(), d.maxClockDrop(), excludeDrifting != null ? excludeDrifting : d.excludeDrifting(),
        excludeThrottled != null ? excludeThrottled : d.excludeThrottled());
  }

  private PipelineJob.Stage stage() {
    try {
      return PipelineJob.Stage.valueOf(until.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("--until must be validate, clean, medians or training_set, got '" + until + "'");
    }
  }

  @Override
  public Integer call() throws Exception {
    CleaningRules rules = rules();
    return spark.withSession("pipeline", session -> {
      long start = System.nanoTime();
      PipelineJob.Result r = new PipelineJob(spark.lake()).rules(rules).until(stage()).run(session);
      PrintWriter out = spec.commandLine().getOut();
      out.println("pipeline run " + r.runId() + " on " + spark.lake().root());
      r.counts().forEach((k, v) -> out.printf("  %-26s %,d%n", k, v));
      out.printf("reconciled: rows_in %,d = clean %,d + outliers %,d + quarantined %,d%n", r.count("rows_in"),
          r.count("clean"), r.count("outliers"), r.count("quarantined"));
      r.seconds().forEach((k, v) -> out.printf("  %-26s %.1f s%n", k, v));
      out.printf("seconds=%.1f%n", (System.nanoTime() - start) / 1e9);
      out.flush();
      return 0;
    });
  }
}
