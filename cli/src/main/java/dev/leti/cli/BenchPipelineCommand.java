package dev.leti.cli;

import dev.leti.jobs.bench.PipelineBenchmark;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti bench pipeline}: scales real runs to N and times each stage against a plain scan. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Generates about N raw runs by resampling real sessions (new ids, other archs) into a fresh",
        "lake, then times a full scan of the raw Parquet and each pipeline stage; prints rows/s and the ratio."})
final class BenchPipelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--runs", defaultValue = "10000000", description = "runs to generate (default ${DEFAULT-VALUE})")
  long runs;

  @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
      description = "then run the scan and the pipeline N-1 more times in the same JVM, compiled (default 1)")
  int repeat;

  @Option(names = "--source", paramLabel = "DIR",
      description = "a dataset in the nb101-h200-xeon format: raw_runs.csv.gz, sessions.csv.gz, devices.json"
          + " (default: ../shared/datasets/nb101-h200-xeon next to the checkout)")
  Path source;

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new UserException("--runs must be positive, got " + runs);
    }
    if (repeat < 1) {
      throw new UserException("--repeat must be positive, got " + repeat);
    }
    Path dir = source != null ? source
        : Path.of(System.getProperty("leti.home", "."), "..", "shared", "datasets", "nb101-h200-xeon").normalize();
    for (String f : new String[] {"raw_runs.csv.gz", "sessions.csv.gz", "devices.json"}) {
      if (!Files.isReadable(dir.resolve(f))) {
        throw new UserException("benchmark source " + dir.resolve(f) + " not found; give --source DIR");
      }
    }
    if (spark.lake == null) {
      spark.lake = Files.createTempDirectory("leti-bench-lake").toString();
    }
    Lake lake = spark.lake();
    spec.commandLine().getOut().println("bench pipeline: lake " + lake.root() + ", "
        + Runtime.getRuntime().availableProcessors() + " cores");
    return spark.withSession("bench pipeline", session -> {
      PipelineBenchmark.run(session, lake, dir.resolve("raw_runs.csv.gz").toString(),
          dir.resolve("sessions.csv.gz").toString(), dir.resolve("devices.json").toString(), runs,
          repeat, spec.commandLine().getOut());
      return 0;
    });
  }
}
