package dev.leti.cli;

import dev.leti.features.bench.FeaturesBenchmark;
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
    subcommands = {BenchCommand.Features.class})
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
}
