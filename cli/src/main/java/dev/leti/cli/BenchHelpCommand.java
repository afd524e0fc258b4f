package dev.leti.cli;

import dev.leti.jobs.transfer.HelpProtocol;
import dev.leti.jobs.transfer.PublicLatencyTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti bench help-protocol}: HELP's 10-shot Spearman benchmark on the public NAS-Bench-201 tables. */
@Command(name = "help-protocol", mixinStandardHelpOptions = true,
    description = {"HELP's few-shot protocol on the public NAS-Bench-201 latency tables: sources are HELP's",
        "meta-train devices, targets its meta-test devices; per target and seed, 10 archs are measured, a predictor is",
        "chosen and fitted on them alone, and Spearman's rho is taken on the target's other archs. Prints per device",
        "and the mean beside the published figures (HELP 0.932, FLOPs 0.787, BRP-NAS 0.789), and the time taken."})
final class BenchHelpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "folder with latency.csv.gz (source,device,arch_index,latency_ms)"
          + " (default: ../shared/datasets/nb201-public next to the checkout)")
  Path data;

  @Option(names = "--shots", defaultValue = "10", description = "archs measured on the target (default ${DEFAULT-VALUE})")
  int shots;

  @Option(names = "--seeds", defaultValue = "5", description = "repetitions with other shots (default ${DEFAULT-VALUE})")
  int seeds;

  @Override
  public Integer call() throws Exception {
    if (shots < 3 || seeds < 1) {
      throw new UserException("--shots must be at least 3 and --seeds at least 1, got " + shots + " and " + seeds);
    }
    Path dir = data != null ? data
        : Path.of(System.getProperty("leti.home", "."), "..", "shared", "datasets", "nb201-public").normalize();
    Path file = dir.resolve("latency.csv.gz");
    if (!Files.isReadable(file)) {
      throw new UserException("latency table " + file + " not found; give --data DIR");
    }
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    Map<String, double[]> table = PublicLatencyTable.read(file, "help");
    double readSeconds = (System.nanoTime() - start) / 1e9;
    HelpProtocol.Result result = new HelpProtocol().shots(shots).seeds(seeds).run(table);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "bench help-protocol: %d sources (HELP meta-train), %d shots, %d seeds, Spearman on the"
        + " target's other archs%n", HelpProtocol.META_TRAIN.size(), shots, seeds);
    out.printf(Locale.ROOT, "%-16s %8s %8s %8s %8s  %s%n", "target", "rho", "min", "max", "flops", "chosen per seed");
    for (HelpProtocol.DeviceResult d : result.devices()) {
      out.printf(Locale.ROOT, "%-16s %8.4f %8.4f %8.4f %8.4f  %s%n", d.device(), d.spearman(),
          Arrays.stream(d.spearmanBySeed()).min().orElse(Double.NaN),
          Arrays.stream(d.spearmanBySeed()).max().orElse(Double.NaN), d.flopsSpearman(), String.join(" ", d.chosen()));
    }
    out.printf(Locale.ROOT, "%-16s %8.4f %17s %8.4f%n", "mean", result.meanSpearman(), "", result.meanFlopsSpearman());
    out.printf(Locale.ROOT, "published: HELP 0.932, FLOPs 0.787, BRP-NAS 0.789; goal >= 0.95: %s%n",
        result.meanSpearman() >= 0.95 ? "met" : "not met");
    out.printf(Locale.ROOT, "seconds: %.2f (reading the table %.2f)%n", seconds, readSeconds);
    out.flush();
    return 0;
  }
}
