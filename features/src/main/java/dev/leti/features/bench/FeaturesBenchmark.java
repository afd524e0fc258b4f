package dev.leti.features.bench;

import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Features;
import dev.leti.features.nb101.Nb101Space;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Enumerates, hashes and featurises the whole NAS-Bench-101 space and prints how long each stage took. Stages
 * run one after another on all cores, as {@code leti features enumerate} runs them.
 */
public final class FeaturesBenchmark {

  /** Figures of one run. */
  public record Result(int cells, double enumerateSeconds, double hashSeconds, double featureSeconds, long checksum) {
    public double totalSeconds() {
      return enumerateSeconds + hashSeconds + featureSeconds;
    }

    public double cellsPerSecond() {
      return cells / totalSeconds();
    }
  }

  private FeaturesBenchmark() {}

  public static Result run() {
    long t0 = System.nanoTime();
    List<Nb101Cell> cells = Nb101Space.enumerate();
    long t1 = System.nanoTime();
    long hashSum = cells.parallelStream().mapToLong(c -> c.hash().hashCode()).sum();
    long t2 = System.nanoTime();
    long featureSum = IntStream.range(0, cells.size()).parallel()
        .mapToLong(i -> Nb101Features.compute(cells.get(i))[0]).sum();
    long t3 = System.nanoTime();
    return new Result(cells.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, hashSum ^ featureSum);
  }

  /** Runs {@code rounds} times (the first includes JIT warm-up) and prints each run's figures. */
  public static void main(String... args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    PrintStream out = System.out;
    out.printf("features benchmark: NAS-Bench-101, %d cores%n", Runtime.getRuntime().availableProcessors());
    for (int r = 1; r <= rounds; r++) {
      Result res = run();
      out.printf("round %d: cells=%d enumerate=%.2fs hash=%.2fs features=%.2fs total=%.2fs cells/s=%.0f%n",
          r, res.cells(), res.enumerateSeconds(), res.hashSeconds(), res.featureSeconds(), res.totalSeconds(),
          res.cellsPerSecond());
    }
  }
}
