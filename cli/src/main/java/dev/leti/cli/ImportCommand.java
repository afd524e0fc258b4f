package dev.leti.cli;

import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.ImportTableJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti import ...}: external data into the raw layer, one committed batch per import. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Imports external data into the lake's raw layer (one atomic batch; the same files twice: skipped).",
    subcommands = {ImportCommand.Runs.class, ImportCommand.Table.class})
final class ImportCommand {

  @Command(name = "runs", mixinStandardHelpOptions = true,
      description = "Raw per-run timings (CSV, plain or gzip) with their sessions CSV and devices JSON.")
  static final class Runs implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SparkOptions spark;

    @Option(names = "--csv", required = true, paramLabel = "F",
        description = "runs: device_id, arch_hash|arch_index|arch_space+arch_id, session_id, run_index, warmup,"
            + " latency_ms, started_at_ms [, temperature_c, clock_mhz, backend, runner_version, runtime_version]")
    String csv;

    @Option(names = "--sessions", paramLabel = "F", description = "sessions CSV: session_id, device_id, arch..., init_ms, params, ...")
    String sessions;

    @Option(names = "--devices", paramLabel = "F", description = "devices JSON: {\"devices\": {\"<id>\": {...}}}")
    String devices;

    @Override
    public Integer call() throws Exception {
      return spark.withSession("import runs", session -> {
        ImportRunsJob.Result r = new ImportRunsJob(spark.lake()).runs(csv).sessions(sessions).devices(devices)
            .run(session);
        PrintWriter out = spec.commandLine().getOut();
        if (r.alreadyImported()) {
          out.println("already imported as batch " + r.batchId() + "; nothing to do");
        } else {
          out.printf("batch %s: runs=%d sessions=%d devices=%d%n", r.batchId(), r.runs(), r.sessions(), r.devices());
        }
        out.flush();
        return 0;
      });
    }
  }

  @Command(name = "table", mixinStandardHelpOptions = true,
      description = {"An external aggregated latency table (CSV: source, device, arch_index|arch_hash, latency_ms).",
          "Its values become medians marked aggregated (no runs behind them); a profile of each device is printed."})
  static final class Table implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SparkOptions spark;

    @Option(names = "--csv", required = true, paramLabel = "F", description = "the table, plain or gzip")
    String csv;

    @Option(names = "--space", required = true, description = "nb101 or nb201")
    Space space;

    @Override
    public Integer call() throws Exception {
      return spark.withSession("import table", session -> {
        ImportTableJob.Result r = new ImportTableJob(spark.lake()).csv(csv).space(space.name()).run(session);
        PrintWriter out = spec.commandLine().getOut();
        if (r.alreadyImported()) {
          out.println("already imported as batch " + r.batchId() + "; nothing to do");
        } else {
          out.printf("batch %s: rows=%d devices=%d%n", r.batchId(), r.rows(), r.profiles().size());
          r.profiles().forEach(p -> out.println("  " + p));
        }
        out.flush();
        return 0;
      });
    }
  }
}
