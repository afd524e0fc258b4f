package dev.leti.cli;

import dev.leti.cli.config.LetiConfig;
import dev.leti.collector.ArchRef;
import dev.leti.collector.Collector;
import dev.leti.collector.DeviceSelection;
import dev.leti.collector.WorkList;
import dev.leti.collector.campaign.CampaignPlan;
import dev.leti.collector.campaign.CampaignRunner;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti collect}: measures architectures on devices (phones through adb, the host) into the lake's raw layer. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = {
        "Measures a list of architectures on every selected device (one worker per device, in parallel) and",
        "commits each session to the lake's raw layer as its own batch. Running the same command again resumes:",
        "committed sessions are skipped. Ends with one summary line; events go to a JSON log."})
final class CollectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--devices", required = true, paramLabel = "all|host|SERIAL,...",
      description = "all (every attached Android device), host (this machine), adb serials; comma-separated")
  String devices;

  @Option(names = "--space", required = true, description = "nb101 or nb201")
  Space space;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Archs archs;

  static final class Archs {
    @Option(names = "--sample", paramLabel = "N", description = "N archs drawn from the space with --seed")
    Integer sample;

    @Option(names = "--cells-file", paramLabel = "F.json",
        description = "a JSON array: nb101 cells ({\"matrix\":…,\"ops\":…}) or nb201 indices")
    Path cellsFile;

    @Option(names = "--whole-space", description = "every arch of the space, in official order")
    boolean wholeSpace;

    @Option(names = "--features-table", paramLabel = "PATH",
        description = "the archs of a features table (Parquet file or folder: features enumerate, space_features_*)")
    Path featuresTable;
  }

  @Option(names = "--seed", defaultValue = "1", description = "seed of --sample (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--warmup", description = "warm-up inferences per session (default: collect.warmup, 5)")
  Integer warmup;

  @Option(names = "--runs", description = "measured inferences per session (default: collect.runs, 30)")
  Integer runs;

  @Option(names = "--cooldown-c", paramLabel = "T",
      description = "before each session wait until the device is at or below T °C (default: collect.cooldown_c, no wait)")
  Double cooldownC;

  @Option(names = "--cooldown-max-s",
      description = "longest cool-down wait, seconds (default: collect.cooldown_max_s, 900); then it measures and records the heat")
  Integer cooldownMaxSeconds;

  @Option(names = "--reference-every",
      description = "re-measure the reference (the work list's first arch) every N sessions, 0: never (default: collect.reference_every, 20)")
  Integer referenceEvery;

  @Option(names = "--backend", description = "runner backend: gpu, cpu or xnnpack (default: gpu on phones, cpu on the host)")
  String backend;

  @Option(names = "--threads", description = "host runner threads (default: all cores)")
  Integer threads;

  @Option(names = "--campaign", description = "campaign id (default: a hash of the archs and settings, so reruns resume)")
  String campaign;

  @Option(names = "--session-timeout-s", description = "time limit of one session (default: collect.session_timeout_s, 600)")
  Integer sessionTimeoutSeconds;

  @Option(names = "--lake", paramLabel = "DIR", description = "lake root: a local path or a Hadoop URI (default: lake.root, data-lake/)")
  String lake;

  @Option(names = "--export-dir", paramLabel = "DIR", description = "model cache (default: target/models of the checkout)")
  Path exportDir;

  @Option(names = "--log", paramLabel = "FILE", description = "JSON log (default: target/collect-<campaign>.jsonl of the checkout)")
  Path log;

  @Override
  public Integer call() throws Exception {
    LetiConfig.Collect defaults = Leti.config(spec).collect();
    CampaignPlan plan = plan(space.name().toLowerCase(java.util.Locale.ROOT), workList(), campaign,
        or(warmup, defaults.warmup()), or(runs, defaults.runs()), backend,
        or(referenceEvery, defaults.referenceEvery()), or(sessionTimeoutSeconds, defaults.sessionTimeoutS()));
    CampaignRunner.Result result = collect(new Collector.Request(DeviceSelection.parse(devices), plan,
        SparkOptions.lakeAt(lake, Leti.config(spec)), exportDir != null ? exportDir : defaultExportDir(),
        cooldownC != null ? cooldownC : defaults.cooldownC(),
        Duration.ofSeconds(or(cooldownMaxSeconds, defaults.cooldownMaxS())),
        log != null ? log : defaultLog(plan), threads != null ? threads : Runtime.getRuntime().availableProcessors(),
        Collector.PhoneRunner.under(SparkOptions.home())));
    spec.commandLine().getOut().println(result.summary());
    return result.complete() ? 0 : Leti.EXIT_FAILURE;
  }

  /** Runs a campaign; a missing device or adb is the user's to fix. */
  static CampaignRunner.Result collect(Collector.Request request) throws Exception {
    try {
      return Collector.collect(request, System.err, System.console() != null);
    } catch (Collector.CollectorException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /** The model cache of the checkout. */
  static Path defaultExportDir() {
    return SparkOptions.home().resolve("target/models");
  }

  /** The campaign's JSON log in the checkout. */
  static Path defaultLog(CampaignPlan plan) {
    return SparkOptions.home().resolve("target/collect-" + plan.campaign() + ".jsonl");
  }

  private List<ArchRef> workList() throws java.io.IOException {
    String s = space.name().toLowerCase(java.util.Locale.ROOT);
    if (archs.cellsFile != null) {
      if (!Files.isReadable(archs.cellsFile)) {
        throw new UserException("cannot read --cells-file " + archs.cellsFile);
      }
      return WorkList.fromFile(s, archs.cellsFile);
    }
    if (archs.featuresTable != null) {
      return WorkList.fromFeaturesTable(s, archs.featuresTable);
    }
    return archs.wholeSpace ? WorkList.whole(s) : WorkList.sample(s, archs.sample, seed);
  }

  /** The plan; the reference network is the work list's first arch. */
  static CampaignPlan plan(String space, List<ArchRef> archs, String campaign, int warmup, int runs, String backend,
      int referenceEvery, int sessionTimeoutSeconds) {
    if (archs.isEmpty()) {
      throw new UserException("no architectures to measure in " + space);
    }
    return new CampaignPlan(campaign, archs, warmup, runs, backend, archs.get(0), referenceEvery,
        Duration.ofSeconds(sessionTimeoutSeconds));
  }

  private static int or(Integer option, int configured) {
    return option != null ? option : configured;
  }
}
