package dev.leti.cli;

import dev.leti.cli.config.LetiConfig;
import dev.leti.cli.workflow.RunLock;
import dev.leti.cli.workflow.RunLog;
import dev.leti.cli.workflow.Workflow;
import dev.leti.jobs.transfer.TransferJob;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti nightly}: the scheduled run, import → pipeline → train → promote → transfer → report, one at a time. */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Imports new raw data from the inbox, runs the pipeline, trains every device, promotes each new",
        "model unless it is worse than the current one on the fixed test split, then the transfer analysis and the",
        "report. Holds a lock for the whole run (a second run exits 1 at once) and logs to <log_dir>/<run id>.log;",
        "any failure ends the run with exit code 1 and names the step. Settings: the nightly section of the",
        "configuration."})
final class NightlyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--run-id", description = "id of this run (default: nightly-<UTC time>)")
  String runId;

  @Override
  public Integer call() throws Exception {
    LetiConfig config = spark.config();
    LetiConfig.Nightly nightly = config.nightly();
    String id = runId != null ? runId : "nightly-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneOffset.UTC).format(Instant.now());
    if (!id.matches("[A-Za-z0-9._-]{1,80}")) {
      throw new UserException("--run-id may hold letters, digits, '.', '_' and '-' only, got '" + id + "'");
    }
    Path logFile = Path.of(SparkOptions.resolve(nightly.logDir())).resolve(id + ".log");
    try (RunLock lock = RunLock.acquire(Path.of(SparkOptions.resolve(nightly.lockFile())), id);
        RunLog log = new RunLog(spec.commandLine().getOut(), logFile)) {
      log.info("nightly " + id + " on " + spark.lake().root() + " (log " + logFile + ")");
      try {
        spark.withSession("nightly " + id, session -> {
          Workflow work = new Workflow(session, spark.lake(), config, log, id);
          work.importInbox(Path.of(SparkOptions.resolve(nightly.inbox())));
          work.pipeline();
          for (String space : work.trainableSpaces()) {
            work.trainAndPromote(space, config.models().quick());
            if (nightly.transfer()) {
              work.transfer(space, TransferJob.SIZES_DEFAULT, TransferJob.SEEDS_DEFAULT);
            }
          }
          if (nightly.report()) {
            work.report(Path.of(SparkOptions.resolve(nightly.reportDir())));
          }
          return 0;
        });
      } catch (Exception e) {
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        log.info("nightly " + id + " FAILED");
        throw new UserException("nightly " + id + " failed"
            + (log.failedStep() == null ? "" : " at step " + log.failedStep()) + ": " + first + " (whole log: " + logFile + ")", e);
      }
      log.info("nightly " + id + " ok");
      return 0;
    } catch (RunLock.LockedException e) {
      throw new UserException("nightly " + id + " not started: " + e.getMessage(), e);
    }
  }
}
