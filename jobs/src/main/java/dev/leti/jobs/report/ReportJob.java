package dev.leti.jobs.report;

import dev.leti.jobs.model.ModelInputs;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The report a person looks at: one {@code index.html} with PNG charts beside it, self-contained (inline CSS, no
 * script, no network). Sections: the lake and its newest pipeline run, the models' held-out metrics and feature
 * importances, predicted against measured latency and the percent errors per device, latency against MACs, and the
 * transfer matrix and few-shot curves. A section whose tables are missing says which command makes them.
 *
 * <p>Cost: a handful of small Spark queries collected to the driver, then charts drawn on the driver (tens of ms
 * each).
 */
public final class ReportJob {
  static final String PAGE = "index.html";
  static final String TRAIN_FIRST = "No models in this lake yet: run scripts/leti train first.";
  static final String PREDICTIONS_FIRST = "No held-out predictions (leti.model_predictions) in this lake yet: run"
      + " scripts/leti train first.";
  static final String PIPELINE_FIRST = "No training set in this lake yet: import runs, then run scripts/leti"
      + " pipeline first.";
  static final String TRANSFER_FIRST = "No transfer results (leti.transfer_matrix, leti.transfer_curves) in this"
      + " lake yet: run scripts/leti transfer first.";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** What was written and which sections had no data. */
  public record Result(Path page, List<Path> images, List<String> notes, double seconds) {}

  private final Lake lake;
  private final Path out;

  public ReportJob(Lake lake, Path out) {
    this.lake = lake;
    this.out = out;
  }

  /** {@code --out DIR [--lake DIR] [--master M] [--metastore-uris URIS]}, for spark-submit. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.main("report", args, List.of("out"), (spark, lake, o) -> {
      Result r = new ReportJob(lake, Path.of(dev.leti.jobs.JobMain.require(o, "out"))).run(spark);
      return r.page() + " charts=" + r.images().size() + " seconds=" + r.seconds();
    });
  }

  public Result run(SparkSession spark) throws IOException {
    long start = System.nanoTime();
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("report output '" + out + "' is a file, not a folder");
    }
    spark.sparkContext().setJobGroup("report", "leti report of " + lake.root(), false);
    ReportData data = new ReportReader(spark, lake).read(System.currentTimeMillis());
    return write(data, out, start);
  }

  /** The page and its charts from data already read; {@code start} (nanoTime) is when the run began. */
  static Result write(ReportData data, Path out, long start) throws IOException {
    Files.createDirectories(out);
    ChartFiles charts = new ChartFiles(out);
    HtmlPage page = new HtmlPage("leti report");
    List<String> notes = new ArrayList<>();
    header(page, data.header());
    metrics(page, data, notes);
    predictions(page, charts, data, notes);
    latency(page, charts, data, notes);
    transfer(page, charts, data, notes);
    double seconds = (System.nanoTime() - start) / 1e9;
    page.paragraph(String.format(Locale.ROOT, "Made in %.1f s with %d charts.", seconds, charts.written().size()));
    Path file = out.resolve(PAGE);
    Files.writeString(file, page.render(), StandardCharsets.UTF_8);
    return new Result(file, charts.written(), List.copyOf(notes), seconds);
  }

  private static void note(HtmlPage page, List<String> notes, String text) {
    page.note(text);
    notes.add(text);
  }

  private static void header(HtmlPage page, ReportData.Header h) {
    page.paragraph("Lake: " + h.lake()).paragraph("Generated: " + TIME.format(Instant.ofEpochMilli(h.generatedAtMs())));
    ReportData.PipelineRun run = h.pipelineRun();
    if (run == null) {
      page.note("No pipeline run recorded in this lake yet: run scripts/leti pipeline.");
    } else {
      page.paragraph(String.format(Locale.ROOT, "Newest pipeline run: %s, %s, %s, started %s, took %.1f s.",
          run.id(), run.status(), run.reconciled() ? "reconciled" : "NOT reconciled",
          TIME.format(Instant.ofEpochMilli(run.startedAtMs())), (run.finishedAtMs() - run.startedAtMs()) / 1e3));
      page.table(List.of("pipeline count", "value"), run.counts().entrySet().stream()
          .map(e -> List.of(e.getKey(), String.format(Locale.ROOT, "%,d", e.getValue()))).toList());
    }
    page.heading(3, "Tables of database leti");
    page.table(List.of("table", "rows"), h.tableRows().stream().map(t -> List.of(t.table(),
        t.error() == null ? String.format(Locale.ROOT, "%,d", t.rows()) : "unreadable: " + t.error())).toList());
  }

  private static void metrics(HtmlPage page, ReportData data, List<String> notes) {
    page.heading(2, "Model metrics on held-out archs");
    if (data.metrics() == null || data.metrics().isEmpty()) {
      note(page, notes, TRAIN_FIRST);
      return;
    }
    if (data.served() != null && !data.served().isEmpty()) {
      page.paragraph("What scripts/leti predict uses per device: the promoted version (else the newest), the model"
          + " family its training run chose, and that model's ±10 % on the run's held-out archs.");
      page.table(List.of("device", "space", "version", "promoted", "model", "±10 %"), data.served().stream()
          .map(m -> List.of(m.device(), m.space(), m.version(), m.promoted() ? "yes" : "no, the newest",
              m.model(), HtmlPage.number(m.within10(), 3))).toList());
    }
    page.paragraph("The newest training run of each device and model; ±5 % and ±10 % are shares of held-out archs"
        + " whose prediction is that close to the measured median.");
    for (var space : group(data.metrics(), ReportData.MetricRow::space).entrySet()) {
      page.heading(3, "Space " + space.getKey());
      page.table(List.of("device", "model", "judged against", "version", "train", "test", "RMSE ms", "MAPE", "±5 %",
          "±10 %", "Spearman ρ", "Kendall τ"), space.getValue().stream().map(m -> List.of(m.device(), m.model(),
          m.target().equals("raw") ? "measured medians" : "drift-corrected medians", m.version(),
          String.valueOf(m.nTrain()), String.valueOf(m.nTest()), HtmlPage.number(m.rmseMs(), 4),
          HtmlPage.number(m.mape(), 3), HtmlPage.number(m.within5(), 3), HtmlPage.number(m.within10(), 3),
          HtmlPage.number(m.spearman(), 3), HtmlPage.number(m.kendall(), 3))).toList());
    }
    page.heading(3, "Feature importances (GBT, top " + ReportReader.TOP_FEATURES + " per device)");
    if (data.importances() == null || data.importances().isEmpty()) {
      note(page, notes, TRAIN_FIRST);
      return;
    }
    page.grid();
    for (var device : group(data.importances(), i -> i.device() + " (" + i.space() + ")").entrySet()) {
      page.block(device.getKey()).table(List.of("feature", "importance"), device.getValue().stream()
          .map(i -> List.of(i.feature(), HtmlPage.number(i.importance(), 4))).toList()).endBlock();
    }
    page.endGrid();
  }

  private static void predictions(HtmlPage page, ChartFiles charts, ReportData data, List<String> notes)
      throws IOException {
    page.heading(2, "Predicted vs measured latency");
    if (data.predictions() == null || data.predictions().isEmpty()) {
      note(page, notes, PREDICTIONS_FIRST);
      return;
    }
    for (var space : group(data.predictions(), ReportData.Prediction::space).entrySet()) {
      page.heading(3, "Space " + space.getKey());
      for (var device : group(space.getValue(), ReportData.Prediction::device).entrySet()) {
        page.grid();
        figure(page, charts, ModelCharts.predictedVsMeasured(device.getKey(), space.getKey(), device.getValue()),
            "predicted", device.getKey());
        figure(page, charts, ModelCharts.errorHistogram(device.getKey(), space.getKey(), device.getValue()),
            "errors", device.getKey());
        page.endGrid();
      }
    }
  }

  private static void latency(HtmlPage page, ChartFiles charts, ReportData data, List<String> notes)
      throws IOException {
    page.heading(2, "Latency vs MACs");
    if (data.latencyBySpace().values().stream().allMatch(List::isEmpty)) {
      note(page, notes, PIPELINE_FIRST);
      return;
    }
    for (var space : data.latencyBySpace().entrySet()) {
      page.heading(3, "Space " + space.getKey()).grid();
      int color = 0;
      for (var device : group(space.getValue(), ReportData.LatencyPoint::device).entrySet()) {
        figure(page, charts, LatencyCharts.latencyVsMacs(device.getKey(), space.getKey(),
            ModelInputs.macsColumn(space.getKey()), color++, device.getValue()), "latency", device.getKey());
      }
      page.endGrid();
    }
  }

  private static void transfer(HtmlPage page, ChartFiles charts, ReportData data, List<String> notes)
      throws IOException {
    page.heading(2, "Transfer between devices");
    if (data.transferMatrix() == null || data.transferCurves() == null) {
      note(page, notes, TRANSFER_FIRST);
    }
    if (data.transferMatrix() != null) {
      for (var space : group(data.transferMatrix(), ReportData.TransferCell::space).entrySet()) {
        List<ReportData.TransferCell> cells = space.getValue();
        page.heading(3, "Matrix, space " + space.getKey()).grid();
        figure(page, charts, TransferCharts.heatMap("zero-shot Spearman ρ (" + space.getKey() + ")",
            "Rank correlation of the source model's predictions with the target's medians, no target data.",
            cells, ReportData.TransferCell::spearmanZeroShot), "transfer-spearman", space.getKey());
        for (var k : group(cells, c -> String.format(Locale.ROOT, "%06d", c.k())).entrySet()) {
          int shots = k.getValue().get(0).k();
          figure(page, charts, TransferCharts.heatMap("±10 % after recalibration, k = " + shots + " ("
                  + space.getKey() + ")", "Share of the target's archs within ±10 % after a linear recalibration in"
                  + " log space fitted on " + shots + " target archs (mean over seeds).", k.getValue(),
              ReportData.TransferCell::within10Recalibrated), "transfer-within10-k" + shots, space.getKey());
        }
        page.endGrid();
        page.table(List.of("source", "target", "common archs", "Spearman zero-shot", "Kendall zero-shot", "k",
            "±10 % recalibrated", "Spearman recalibrated", "seeds"), cells.stream().map(c -> List.of(c.source(),
            c.target(), String.valueOf(c.commonArchs()), HtmlPage.number(c.spearmanZeroShot(), 3),
            HtmlPage.number(c.kendallZeroShot(), 3), String.valueOf(c.k()),
            HtmlPage.number(c.within10Recalibrated(), 3),
            HtmlPage.number(c.spearmanRecalibrated(), 3), String.valueOf(c.seeds()))).toList());
      }
    }
    if (data.transferCurves() != null) {
      for (var space : group(data.transferCurves(), ReportData.CurvePoint::space).entrySet()) {
        page.heading(3, "Few-shot curves, space " + space.getKey()).grid();
        Map<String, List<ReportData.CurvePoint>> byTarget = group(space.getValue(), ReportData.CurvePoint::target);
        for (var target : byTarget.entrySet()) {
          figure(page, charts, TransferCharts.fewShot(space.getKey(), target.getKey(), target.getValue()), "fewshot",
              space.getKey(), target.getKey());
        }
        page.endGrid();
        page.table(List.of("target", "method", "k", "±10 % mean", "min", "max", "std", "seeds"),
            space.getValue().stream().map(p -> List.of(p.target(), p.method(), String.valueOf(p.k()),
                HtmlPage.number(p.meanWithin10(), 3), HtmlPage.number(p.minWithin10(), 3),
                HtmlPage.number(p.maxWithin10(), 3), HtmlPage.number(p.stdWithin10(), 3),
                String.valueOf(p.seeds()))).toList());
      }
    }
  }

  private static void figure(HtmlPage page, ChartFiles charts, Plot plot, String kind, String... subject)
      throws IOException {
    page.figure(charts.save(plot.chart(), kind, subject), plot.caption());
  }

  /** Rows grouped by a key, keys sorted, rows in their order. */
  private static <T> Map<String, List<T>> group(List<T> rows, Function<T, String> key) {
    return rows.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
  }
}
