package dev.leti.cli;

import dev.leti.features.bench.FeaturesBenchmark;
import dev.leti.features.export.ExportBenchmark;
import dev.leti.features.export.ExportCache;
import dev.leti.features.export.ExportOptions;
import dev.leti.features.export.ExportTarget;
import dev.leti.features.export.WeightPrecision;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Space;
import dev.leti.runner.host.RunnerOverheadBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti bench ...}: benchmarks that print their figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints its figures measured in the same run.",
    subcommands = {BenchCommand.Features.class, BenchPipelineCommand.class, BenchCommand.Export.class,
        BenchCommand.RunnerOverhead.class, BenchCollectCommand.class, BenchHelpCommand.class,
        BenchNb201QualityCommand.class, BenchCeilingCommand.class})
final class BenchCommand {

  @Command(
      name = "features",
      mixinStandardHelpOptions = true,
      description = "Enumerates, hashes and featurises all 423,624 NAS-Bench-101 cells; prints seconds and cells/s.")
  static final class Features implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "3",
        description = "runs in one JVM; the first includes JIT warm-up (default ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() {
      if (rounds < 1) {
        throw new UserException("--rounds must be at least 1, got " + rounds);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "bench features: NAS-Bench-101 enumerate + hash + features, %d cores%n",
          Runtime.getRuntime().availableProcessors());
      for (int r = 1; r <= rounds; r++) {
        FeaturesBenchmark.Result res = FeaturesBenchmark.run();
        out.printf(Locale.ROOT,
            "round %d: cells=%d enumerate=%.2fs hash=%.2fs features=%.2fs total=%.2fs cells/s=%.0f%n",
            r, res.cells(), res.enumerateSeconds(), res.hashSeconds(), res.featureSeconds(), res.totalSeconds(),
            res.cellsPerSecond());
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Exports a seeded sample of NAS-Bench-101 cells (full width) to .tflite in memory; prints models/s.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cells", defaultValue = "500", description = "cells in the sample (default ${DEFAULT-VALUE})")
    int cells;

    @Option(names = "--rounds", defaultValue = "2",
        description = "runs in one JVM; the first includes JIT warm-up (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32 (default) or fp16 weights")
    String precision;

    @Override
    public Integer call() {
      if (cells < 1 || rounds < 1) {
        throw new UserException("--cells and --rounds must be at least 1, got " + cells + " and " + rounds);
      }
      ExportOptions options = ExportOptions.DEFAULT.withPrecision(WeightPrecision.parse(precision));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "bench export: %d NAS-Bench-101 cells (seeded sample), %s weights, %d cores%n",
          cells, options.precision().label(), Runtime.getRuntime().availableProcessors());
      for (int r = 1; r <= rounds; r++) {
        // the same sample every round: later rounds show the warm figure for the same work
        ExportBenchmark.Result res = ExportBenchmark.run(cells, 1, options);
        out.printf(Locale.ROOT, "round %d: models=%d seconds=%.2f models/s=%.1f MB/s=%.0f mean_model_MB=%.1f%n",
            r, res.models(), res.seconds(), res.modelsPerSecond(), res.megabytesPerSecond(), res.meanMegabytes());
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "runner",
      mixinStandardHelpOptions = true,
      description = {
          "Runs host-runner sessions (5 warm-up + 30 runs by default) on exported NAS-Bench-101 models and prints",
          "the runner's overhead: loop wall time vs the sum of the latencies it measured."})
  static final class RunnerOverhead implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--models", defaultValue = "3", description = "sampled cells, one session each (default ${DEFAULT-VALUE})")
    int models;

    @Option(names = "--warmup", defaultValue = "5", description = "warm-up runs per session (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "30", description = "measured runs per session (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--threads", description = "interpreter threads (default: all cores)")
    Integer threads;

    @Option(names = "--model-dir", paramLabel = "DIR",
        description = "where exported models are cached (default: a temporary directory, deleted after)")
    Path modelDir;

    @Override
    public Integer call() throws IOException {
      if (models < 1 || runs < 1 || warmup < 0) {
        throw new UserException("--models and --runs must be at least 1 and --warmup at least 0");
      }
      int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      Path dir = modelDir != null ? modelDir : Files.createTempDirectory("leti-bench-runner");
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "bench runner: %d sessions of %d+%d runs, host TFLite CPU, %d threads%n",
          models, warmup, runs, t);
      ExportCache cache = new ExportCache(dir);
      long wall = 0;
      long sum = 0;
      try {
        for (Nb101Cell cell : Nb101Space.sample(models, 1)) {
          Path model = cache.get(ExportTarget.nb101(cell), ExportOptions.DEFAULT).file();
          RunnerOverheadBenchmark.Result res = RunnerOverheadBenchmark.run(model, warmup, runs, t);
          wall += res.wallNs();
          sum += res.latencySumNs();
          out.printf(Locale.ROOT, "%s: latency_sum=%.1fms loop_wall=%.1fms overhead=%.3f%% session=%.1fms%n",
              cell.hash(), res.latencySumNs() / 1e6, res.wallNs() / 1e6, 100 * res.overhead(), res.sessionNs() / 1e6);
          out.flush();
        }
      } finally {
        if (modelDir == null) {
          try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
              Files.delete(f);
            }
          }
          Files.delete(dir);
        }
      }
      out.printf(Locale.ROOT, "overall: overhead=%.3f%% (goal <= 5%%)%n", 100.0 * (wall - sum) / sum);
      return 0;
    }
  }
}
