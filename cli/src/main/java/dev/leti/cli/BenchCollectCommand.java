package dev.leti.cli;

import dev.leti.collector.Collector;
import dev.leti.collector.DeviceSelection;
import dev.leti.collector.WorkList;
import dev.leti.collector.campaign.CampaignPlan;
import dev.leti.collector.campaign.CampaignRunner;
import dev.leti.collector.campaign.DeviceWorker;
import dev.leti.collector.campaign.PhaseTimes;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leti bench collect}: a host campaign into a temporary lake, reporting the share of its wall time spent
 * inside timed inferences (the rest: export, model load, parsing, Parquet writing and committing).
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = "A host-device campaign of sampled cells into a temporary lake (exports included, cold cache);"
        + " prints the share of wall time inside timed inferences (goal >= 95%).")
final class BenchCollectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--cells", defaultValue = "50", description = "sampled cells (default ${DEFAULT-VALUE})")
  int cells;

  @Option(names = "--space", defaultValue = "nb101", description = "nb101 (default) or nb201")
  Space space;

  @Option(names = "--warmup", defaultValue = "5", description = "warm-up runs per session (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--runs", defaultValue = "30", description = "measured runs per session (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--threads", description = "host runner threads (default: all cores)")
  Integer threads;

  @Option(names = "--no-overlap", description = "export and commit in sequence instead of while sessions measure"
      + " (for comparison)")
  boolean noOverlap;

  @Override
  public Integer call() throws Exception {
    if (cells < 1) {
      throw new UserException("--cells must be at least 1, got " + cells);
    }
    Path work = Files.createTempDirectory("leti-bench-collect");
    PrintWriter out = spec.commandLine().getOut();
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    String s = space.name();
    try {
      CampaignPlan plan = CollectCommand.plan(s, WorkList.sample(s, cells, 1), null, warmup, runs, null, 0, 600);
      out.printf(Locale.ROOT, "bench collect: %d %s cells, %d+%d runs each, host TFLite CPU, %d threads, %s%n", cells,
          s, warmup, runs, t, noOverlap ? "export and commit in sequence" : "export and commit overlapped");
      out.flush();
      Collector.Request request = new Collector.Request(DeviceSelection.parse(DeviceSelection.HOST), plan,
          new Lake(work.resolve("lake").toString()), work.resolve("models"), null, Duration.ZERO,
          work.resolve("collect.jsonl"), t, null, !noOverlap);
      // the denominator is everything collect does: log and lake set-up, every device worker, background work
      long start = System.nanoTime();
      CampaignRunner.Result r = Collector.collect(request, new PrintStream(PrintStream.nullOutputStream()), false);
      double wall = System.nanoTime() - start;
      DeviceWorker.Result host = r.devices().get(0);
      out.println(r.summary());
      out.printf(Locale.ROOT, "wall=%.1fs inside_timed_inferences=%.1fs (%.1f%%, goal >= 95%%) inside_measured_runs=%.1fs"
              + " (%.1f%%, warm-ups excluded)%n", wall / 1e9, host.inferenceNanos() / 1e9,
          100 * host.inferenceNanos() / wall, host.measuredNanos() / 1e9, 100 * host.measuredNanos() / wall);
      // the first inference is a timed inference too (the runner brackets it like every run and the lake keeps it
      // as sessions.first_inference_ms), but it is neither a warm-up nor a measured run: shown apart, not above
      long withFirst = host.inferenceNanos() + host.firstInferenceNanos();
      out.printf(Locale.ROOT, "inside_timed_inferences_with_first_inference=%.1fs (%.1f%%: each session's first"
          + " inference too, timed by the runner and stored as sessions.first_inference_ms)%n", withFirst / 1e9,
          100 * withFirst / wall);
      out.println(breakdown(host, wall));
      return r.complete() && r.failed() == 0 ? 0 : Leti.EXIT_FAILURE;
    } finally {
      deleteTree(work);
    }
  }

  /** The wall time not spent inside timed inferences, by phase, in seconds and percent of the wall. */
  static String breakdown(DeviceWorker.Result d, double wall) {
    PhaseTimes p = d.phases();
    long held = p.nanos(PhaseTimes.Phase.HELD_FOR_BACKGROUND);
    long runnerOther = p.nanos(PhaseTimes.Phase.RUNNER) - d.inferenceNanos() - d.modelLoadNanos() - d.firstInferenceNanos()
        - held;
    long outside = (long) wall - java.util.Arrays.stream(PhaseTimes.Phase.values())
        .filter(ph -> ph != PhaseTimes.Phase.HELD_FOR_BACKGROUND).mapToLong(p::nanos).sum(); // part of RUNNER
    StringBuilder s = new StringBuilder("not inference:");
    java.util.function.BiConsumer<String, Long> part = (name, ns) -> s.append(String.format(Locale.ROOT,
        " %s=%.2fs (%.1f%%)", name, ns / 1e9, 100 * ns / wall));
    part.accept("runner_model_load", d.modelLoadNanos());
    part.accept("runner_first_inference", d.firstInferenceNanos());
    part.accept("runner_other(output, close)", runnerOther);
    part.accept("runner_held_for_background_work", held);
    part.accept("export_wait", p.nanos(PhaseTimes.Phase.EXPORT));
    part.accept("install", p.nanos(PhaseTimes.Phase.INSTALL));
    part.accept("thermal", p.nanos(PhaseTimes.Phase.THERMAL));
    part.accept("commit_wait", p.nanos(PhaseTimes.Phase.COMMIT));
    part.accept("device_start", p.nanos(PhaseTimes.Phase.DEVICE_START));
    part.accept("outside_workers", outside);
    s.append(String.format(Locale.ROOT, "%nsessions whose warm-ups ended while the collector's background work (export"
        + " of the next models, commit of the previous session) still computed, so exports were held at a checkpoint"
        + " and the runner waited for that and the commit before its measured runs: %d of %d",
        d.overlappedSessions(), d.written()));
    return s.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
