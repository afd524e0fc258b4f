package dev.leti.cli.config;

import dev.leti.jobs.pipeline.CleaningRules;
import java.util.List;
import java.util.Map;

/**
 * leti's configuration as read from {@code conf/leti.yaml} (every key is documented there). Each section checks its
 * values when it is built, so a bad value stops a command at start with the key's name.
 */
public record LetiConfig(Lake lake, Spark spark, Pipeline pipeline, Models models, Collect collect, Nightly nightly,
    Demo demo) {

  /** Where the lake and its metastore are. */
  public record Lake(String root, String metastoreUris) {
    public Lake {
      require(root != null && !root.isBlank(), "root must not be empty");
      metastoreUris = metastoreUris == null || metastoreUris.isBlank() ? null : metastoreUris;
      require(metastoreUris == null || metastoreUris.startsWith("thrift://"),
          "metastore_uris must be thrift://host:port[,...], got '" + metastoreUris + "'");
    }
  }

  /** The default master and extra Spark settings. */
  public record Spark(String master, Map<String, String> conf) {
    public Spark {
      require(master != null && !master.isBlank(), "master must not be empty");
      conf = conf == null ? Map.of() : Map.copyOf(conf);
      conf.keySet().forEach(k -> require(k.startsWith("spark."), "conf keys are Spark settings (spark.*), got '" + k + "'"));
    }
  }

  /** The cleaning rules of the pipeline; see {@link CleaningRules}. */
  public record Pipeline(String outlierRule, double madK, double iqrK, double minRelativeSpread, int minGoodRuns,
      double driftThreshold, double maxTemperatureRiseC, double maxClockDrop, boolean excludeDrifting,
      boolean excludeThrottled) {
    public Pipeline {
      rules(outlierRule, madK, iqrK, minRelativeSpread, minGoodRuns, driftThreshold, maxTemperatureRiseC,
          maxClockDrop, excludeDrifting, excludeThrottled); // checks every value once, at start
    }

    public CleaningRules rules() {
      return rules(outlierRule, madK, iqrK, minRelativeSpread, minGoodRuns, driftThreshold, maxTemperatureRiseC,
          maxClockDrop, excludeDrifting, excludeThrottled);
    }

    private static CleaningRules rules(String outlierRule, double madK, double iqrK, double minRelativeSpread,
        int minGoodRuns, double driftThreshold, double maxTemperatureRiseC, double maxClockDrop,
        boolean excludeDrifting, boolean excludeThrottled) {
      return new CleaningRules(outlierRule, madK, iqrK, minRelativeSpread, minGoodRuns, driftThreshold,
          maxTemperatureRiseC, maxClockDrop, excludeDrifting, excludeThrottled);
    }
  }

  /** The held-out split and the models' seed. */
  public record Models(long seed, int testPercent, String search) {
    public Models {
      require(testPercent >= 1 && testPercent <= 90, "test_percent must be within 1..90, got " + testPercent);
      requireSearch("search", search);
    }

    public boolean quick() {
      return search.equals("quick");
    }
  }

  /** Defaults of {@code leti collect}. */
  public record Collect(int warmup, int runs, Double cooldownC, int cooldownMaxS, int referenceEvery,
      int sessionTimeoutS) {
    public Collect {
      require(warmup >= 0, "warmup must be >= 0, got " + warmup);
      require(runs >= 1, "runs must be >= 1, got " + runs);
      require(cooldownMaxS >= 0, "cooldown_max_s must be >= 0, got " + cooldownMaxS);
      require(referenceEvery >= 0, "reference_every must be >= 0, got " + referenceEvery);
      require(sessionTimeoutS >= 1, "session_timeout_s must be >= 1, got " + sessionTimeoutS);
    }
  }

  /** The nightly run: inbox, logs, lock, model retention and promotion, the steps after training. */
  public record Nightly(String inbox, String logDir, String lockFile, int keepModelVersions,
      double promotionTolerance, boolean transfer, boolean report, String reportDir) {
    public Nightly {
      require(inbox != null && !inbox.isBlank(), "inbox must not be empty");
      require(logDir != null && !logDir.isBlank(), "log_dir must not be empty");
      require(lockFile != null && !lockFile.isBlank(), "lock_file must not be empty");
      require(keepModelVersions >= 1, "keep_model_versions must be >= 1, got " + keepModelVersions);
      require(promotionTolerance >= 0 && promotionTolerance < 1,
          "promotion_tolerance must be within [0, 1), got " + promotionTolerance);
      require(reportDir != null && !reportDir.isBlank(), "report_dir must not be empty");
    }
  }

  /** The demo: a seeded NAS-Bench-101 sample measured on the host with several thread counts. */
  public record Demo(int sample, long seed, int warmup, int runs, List<Integer> threads, String modelSearch) {
    public Demo {
      requireSearch("model_search", modelSearch);
      require(sample >= 10, "sample must be >= 10 (models need train and test archs), got " + sample);
      require(warmup >= 0, "warmup must be >= 0, got " + warmup);
      require(runs >= 3, "runs must be >= 3, got " + runs);
      threads = threads == null ? List.of() : List.copyOf(threads);
      require(!threads.isEmpty() && threads.stream().allMatch(t -> t != null && t >= 1),
          "threads must be a list of thread counts >= 1, got " + threads);
      require(threads.stream().distinct().count() == threads.size(), "threads must not repeat, got " + threads);
    }
  }

  private static void requireSearch(String key, String search) {
    require("full".equals(search) || "quick".equals(search), key + " must be full or quick, got '" + search + "'");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
