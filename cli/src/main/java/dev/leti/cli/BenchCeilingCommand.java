package dev.leti.cli;

import dev.leti.jobs.model.MeasurementCeiling;
import dev.leti.jobs.model.TwinCeiling;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti bench noise-ceiling}: how well the lake's medians can be predicted from the arch at all. */
@Command(name = "noise-ceiling", mixinStandardHelpOptions = true,
    description = {"Per device of the lake's measured runs (after leti pipeline), model-free: the share of sessions",
        "whose odd/even and first/second-half medians agree within ±10 %, and the share of archs whose median is",
        "within ±10 % of their own p10 times the device's typical median/p10 ratio. A model of the arch alone cannot",
        "match the medians more often than the arch's own runs agree with them. With --space nb201, also per device",
        "of the aggregated tables: twin archs (nodes 1 and 2 swapped: the same network) measured apart, their share",
        "within ±10 %, the implied ceiling (what a perfect predictor of the arch would score within ±10 % if each",
        "measurement's error were independent: an estimate, low for heavy-tailed errors) and a bound that assumes",
        "nothing, on the twin archs."})
final class BenchCeilingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--space", defaultValue = "nb101", description = "nb101 or nb201 (default ${DEFAULT-VALUE})")
  Space space;

  @Override
  public Integer call() throws Exception {
    return spark.withSession("bench noise-ceiling", session -> {
      PrintWriter out = spec.commandLine().getOut();
      long started = System.nanoTime();
      out.printf(Locale.ROOT, "bench noise-ceiling: %s, used runs of used sessions; ±10 %% agreement%n", space);
      out.printf(Locale.ROOT, "%-24s %8s %9s %7s %6s %11s %14s%n", "device", "sessions", "odd/even", "halves",
          "archs", "median/p10", "own fast runs");
      for (MeasurementCeiling.DeviceCeiling d : MeasurementCeiling.run(session, spark.lake(), space.name())) {
        out.printf(Locale.ROOT, "%-24s %8d %9.3f %7.3f %6d %11.3f %14.3f%n", d.device(), d.sessions(),
            d.oddEvenWithin10(), d.halvesWithin10(), d.archs(), d.medianToP10(), d.ownFastRunsWithin10());
      }
      if (space == Space.nb201) {
        out.printf(Locale.ROOT, "%nNB-201 twins (the same network under two indices, measured apart), devices with"
            + " >= 30 pairs:%n%-44s %6s %13s %6s %15s %13s%n", "device", "pairs", "twins ±10 %", "scale",
            "implied ceiling", "bound (twins)");
        for (TwinCeiling.DeviceTwins t : TwinCeiling.run(session, spark.lake(), 30)) {
          out.printf(Locale.ROOT, "%-44s %6d %13.3f %6.3f %15.3f %13.3f%n", t.device(), t.pairs(),
              t.twinsWithin10(), t.scale(), t.ceiling(), t.bound());
        }
      }
      out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - started) / 1e9);
      out.flush();
      return 0;
    });
  }
}
