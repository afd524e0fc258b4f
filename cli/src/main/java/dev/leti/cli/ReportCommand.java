package dev.leti.cli;

import dev.leti.jobs.report.ReportJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti report}: the lake's models, errors and transfer results as one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes DIR/index.html with PNG charts beside it (no external CSS, script or network): the",
        "newest pipeline run and table counts, model metrics and feature importances, predicted vs measured and",
        "percent errors per device, latency vs MACs, the transfer heat maps and few-shot curves. A section whose",
        "tables are missing says which command makes them."})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions spark;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder for index.html and the charts")
  Path out;

  @Override
  public Integer call() throws Exception {
    return spark.withSession("report", session -> {
      ReportJob.Result r = new ReportJob(spark.lake(), out).run(session);
      PrintWriter w = spec.commandLine().getOut();
      r.notes().forEach(n -> w.println("note: " + n));
      w.printf(Locale.ROOT, "report: %s (%d charts)%nseconds=%.1f%n", r.page().toAbsolutePath(), r.images().size(),
          r.seconds());
      w.flush();
      return 0;
    });
  }
}
