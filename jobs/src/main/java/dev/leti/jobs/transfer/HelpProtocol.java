package dev.leti.jobs.transfer;

import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Op;
import dev.leti.jobs.model.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * HELP's few-shot protocol on the public NAS-Bench-201 tables: for each meta-test device, measure 10 of its archs
 * (seeded sample), predict all the others, and report Spearman ρ between prediction and the table on the archs
 * not measured. Sources are the meta-train devices, whose tables cover every arch.
 *
 * <p>The predictor is chosen per target and seed from the 10 shots alone, by leave-one-out error in log space,
 * among: each source recalibrated by a power law ({@link Recalibration}'s form), ridge combinations of the 2, 3
 * and 5 sources that did best alone, and an additive per-op model ({@link AdditiveOpModel}). The target's other
 * values are only used to score the result.
 *
 * <p>Cost: per target and seed about 20 candidates × 10 leave-one-out fits of at most 5 columns, then one pass
 * over 15,625 archs; well under a second per device.
 */
public final class HelpProtocol {
  /** HELP's meta-train devices (the sources). */
  public static final List<String> META_TRAIN = List.of("1080ti_1", "1080ti_32", "1080ti_256", "silver_4114",
      "silver_4210r", "samsung_a50", "pixel3", "essential_ph_1", "samsung_s7");
  /** HELP's meta-test devices (the targets). */
  public static final List<String> META_TEST = List.of("titan_rtx_256", "gold_6226", "fpga", "pixel2", "raspi4",
      "eyeriss");
  static final int[] COMBINED = {2, 3, 5};
  static final double COMBINATION_RIDGE = 0.1;

  /** One target: ρ per seed, the model each seed chose, and ρ of FLOPs alone on the same archs. */
  public record DeviceResult(String device, double[] spearmanBySeed, List<String> chosen, double flopsSpearman) {
    public double spearman() {
      return Arrays.stream(spearmanBySeed).average().orElse(Double.NaN);
    }
  }

  public record Result(List<DeviceResult> devices, int shots, int seeds) {
    public double meanSpearman() {
      return devices.stream().mapToDouble(DeviceResult::spearman).average().orElse(Double.NaN);
    }

    public double meanFlopsSpearman() {
      return devices.stream().mapToDouble(DeviceResult::flopsSpearman).average().orElse(Double.NaN);
    }
  }

  private List<String> sources = META_TRAIN;
  private List<String> targets = META_TEST;
  private int shots = 10;
  private int seeds = 5;

  public HelpProtocol sources(List<String> sources) {
    this.sources = List.copyOf(sources);
    return this;
  }

  public HelpProtocol targets(List<String> targets) {
    this.targets = List.copyOf(targets);
    return this;
  }

  public HelpProtocol shots(int shots) {
    if (shots < 3) {
      throw new IllegalArgumentException("the protocol needs at least 3 shots, got " + shots);
    }
    this.shots = shots;
    return this;
  }

  public HelpProtocol seeds(int seeds) {
    if (seeds < 1) {
      throw new IllegalArgumentException("need at least one seed, got " + seeds);
    }
    this.seeds = seeds;
    return this;
  }

  /** @param table per device, latency (ms) by official NB-201 index, NaN where missing */
  public Result run(Map<String, double[]> table) {
    for (String d : concat(sources, targets)) {
      if (!table.containsKey(d)) {
        throw new IllegalArgumentException("device '" + d + "' is not in the table; devices: " + table.keySet());
      }
    }
    double[][] opCounts = new double[Nb201Index.size()][];
    double[] flops = new double[Nb201Index.size()];
    int flopsColumn = Nb201Features.SCHEMA.indexOf("flops");
    for (int i = 0; i < opCounts.length; i++) {
      Nb201Arch arch = Nb201Index.arch(i);
      opCounts[i] = new double[Nb201Op.COUNT];
      for (Nb201Op op : arch.ops()) {
        opCounts[i][op.index()]++;
      }
      flops[i] = Nb201Features.compute(arch)[flopsColumn];
    }
    List<double[]> sourceLogs = new ArrayList<>();
    for (String s : sources) {
      sourceLogs.add(logs(table.get(s)));
    }
    List<DeviceResult> out = new ArrayList<>();
    for (String target : targets) {
      out.add(target(target, table.get(target), sourceLogs, opCounts, flops));
    }
    return new Result(out, shots, seeds);
  }

  private DeviceResult target(String device, double[] latency, List<double[]> sourceLogs, double[][] opCounts,
      double[] flops) {
    int[] usable = java.util.stream.IntStream.range(0, latency.length)
        .filter(i -> !Double.isNaN(latency[i]) && sourceLogs.stream().noneMatch(s -> Double.isNaN(s[i])))
        .toArray();
    double[] targetLog = logs(latency);
    List<FewShotModel> singles = new ArrayList<>();
    for (int s = 0; s < sources.size(); s++) {
      singles.add(new SourceCombination(sources.get(s), List.of(sourceLogs.get(s)), 0));
    }
    double[] rho = new double[seeds];
    List<String> chosen = new ArrayList<>();
    double flopsRho = Double.NaN;
    for (int seed = 0; seed < seeds; seed++) {
      int[] shotArchs = ShotSampler.sample(usable, shots, seed);
      double[] shotLogs = Arrays.stream(shotArchs).mapToDouble(i -> targetLog[i]).toArray();
      List<FewShotModel> candidates = new ArrayList<>(singles);
      List<FewShotSelection.Scored> ranked = FewShotSelection.rank(singles, shotArchs, shotLogs);
      for (int m : COMBINED) {
        if (m <= ranked.size()) {
          List<double[]> best = new ArrayList<>();
          List<String> names = new ArrayList<>();
          for (FewShotSelection.Scored s : ranked.subList(0, m)) {
            best.add(sourceLogs.get(sources.indexOf(s.model().name())));
            names.add(s.model().name());
          }
          candidates.add(new SourceCombination(String.join("+", names), best, COMBINATION_RIDGE));
        }
      }
      candidates.add(new AdditiveOpModel(opCounts));
      FewShotSelection.Choice choice = FewShotSelection.choose(candidates, shotArchs, shotLogs);
      int[] rest = ShotSampler.without(usable, shotArchs);
      rho[seed] = spearmanOn(rest, choice.predictLog(), latency);
      chosen.add(choice.model().name());
      if (seed == 0) {
        flopsRho = spearmanOn(rest, i -> flops[i], latency);
      }
    }
    return new DeviceResult(device, rho, chosen, flopsRho);
  }

  private static double spearmanOn(int[] archs, IntToDoubleFunction predicted, double[] measured) {
    double[] p = new double[archs.length];
    double[] m = new double[archs.length];
    for (int i = 0; i < archs.length; i++) {
      p[i] = predicted.applyAsDouble(archs[i]);
      m[i] = measured[archs[i]];
    }
    return Metrics.spearman(m, p);
  }

  private static double[] logs(double[] ms) {
    return Arrays.stream(ms).map(Math::log).toArray();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
