package dev.leti.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.SharedSpark;
import dev.leti.jobs.lake.TableRegistry;
import dev.leti.jobs.lake.Tables;
import dev.leti.jobs.model.ModelInputs;
import dev.leti.jobs.model.ModelRegistry;
import dev.leti.jobs.model.ModelRegistry;
import dev.leti.jobs.model.TrainModelsJob;
import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.lake.Lake;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a lake built through the real path (import of the shared NB-101 runs of two devices, pipeline,
 * quick training), first without model and transfer tables, then with held-out predictions and transfer results
 * written here in the train and transfer jobs' schemas, one device id carrying markup.
 */
class ReportJobTest {
  private static final Path DATA = SharedSpark.shared("datasets/nb101-h200-xeon");
  private static final String EVIL = "<script>alert('x')</script>";
  private static final List<String> DEVICES = List.of("h200-fp32", "xeon-16t-fp32");
  /** Archs imported: enough for a model and its held-out set, few enough for a quick pipeline. */
  private static final int ARCHS = 150;
  private static final String STALE = "report_test_stale";
  @TempDir static Path dir;
  private static SparkSession spark;
  private static Lake lake;
  private static ReportJob.Result before;
  private static String beforePage;

  @BeforeAll
  static void lakeThroughThePipeline() throws Exception {
    spark = SharedSpark.session();
    lake = new Lake(dir.resolve("lake").toString());
    Path runs = dir.resolve("raw_runs.csv.gz");
    Path sessions = dir.resolve("sessions.csv.gz");
    Set<String> archs = firstArchs(DATA.resolve("sessions.csv.gz"), 2, ARCHS);
    keepArchs(DATA.resolve("raw_runs.csv.gz"), runs, 1, archs);
    keepArchs(DATA.resolve("sessions.csv.gz"), sessions, 2, archs);
    new ImportRunsJob(lake).runs(runs.toString()).sessions(sessions.toString())
        .devices(DATA.resolve("devices.json").toString()).run(spark);
    new PipelineJob(lake).run(spark);
    // the metastore is shared by every test of this JVM: other tests may have registered these tables
    for (String t : List.of(ModelRegistry.MODEL_METRICS, ModelRegistry.FEATURE_IMPORTANCES, ModelRegistry.MODELS,
        ReportReader.MODEL_PREDICTIONS, ReportReader.TRANSFER_MATRIX, ReportReader.TRANSFER_CURVES)) {
      spark.sql("DROP TABLE IF EXISTS " + Tables.qualified(t));
    }
    // a registration whose files are gone (as other tests' lakes in this metastore): shown, not fatal
    register(STALE, List.of(RowFactory.create(1)), new StructType().add("x", DataTypes.IntegerType));
    try (Stream<Path> files = Files.walk(Path.of(lake.path("gold/" + STALE)))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    before = new ReportJob(lake, dir.resolve("before")).run(spark);
    beforePage = Files.readString(before.page());
  }

  /** The first {@code n} distinct archs of a CSV (column {@code column}). */
  private static Set<String> firstArchs(Path csv, int column, int n) throws Exception {
    Set<String> archs = new java.util.LinkedHashSet<>();
    try (BufferedReader in = gzipReader(csv)) {
      in.readLine();
      for (String line; (line = in.readLine()) != null && archs.size() < n; ) {
        archs.add(line.split(",", -1)[column]);
      }
    }
    return archs;
  }

  /** A copy of a gzipped CSV with only the lines of these archs. */
  private static void keepArchs(Path from, Path to, int column, Set<String> archs) throws Exception {
    try (BufferedReader in = gzipReader(from); PrintWriter out = new PrintWriter(new OutputStreamWriter(
        new GZIPOutputStream(Files.newOutputStream(to)), StandardCharsets.UTF_8))) {
      out.println(in.readLine());
      for (String line; (line = in.readLine()) != null; ) {
        if (archs.contains(line.split(",", -1)[column])) {
          out.println(line);
        }
      }
    }
  }

  private static BufferedReader gzipReader(Path csv) throws Exception {
    return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(csv)),
        StandardCharsets.UTF_8));
  }

  @Test
  void sectionsWithoutTheirTablesSayWhichCommandMakesThem() throws Exception {
    assertThat(before.notes()).containsExactly(ReportJob.TRAIN_FIRST, ReportJob.PREDICTIONS_FIRST,
        ReportJob.TRANSFER_FIRST);
    assertThat(beforePage).contains("run scripts/leti train first", "run scripts/leti transfer first");
    assertThat(before.images()).as("latency vs MACs, one chart per device").hasSize(2);
    assertThat(beforePage).as("header: lake, pipeline run and table counts").contains(lake.root(),
        "Newest pipeline run: run-", "<td>training_set_nb101</td><td class=\"n\">300</td>");
    assertThat(beforePage).as("listed, empty or unreadable")
        .containsPattern("<td>" + STALE + "</td><td[^>]*>(0|unreadable: [^<]+)</td>");
    assertEveryReferenceExistsAndDecodes(before);
  }

  @Test
  void fullReportShowsMetricsChartsAndEscapesDeviceIds() throws Exception {
    List<TrainModelsJob.DeviceModels> trained = new TrainModelsJob(lake).quick(true).run(spark, "nb101");
    writePredictions(trained);
    writeTransferTables();

    ReportJob.Result after = new ReportJob(lake, dir.resolve("after")).run(spark);
    String page = Files.readString(after.page());

    assertThat(after.notes()).as("every table present").isEmpty();
    for (Row m : spark.table("leti.model_metrics").collectAsList()) {
      assertThat(page).as("metrics of " + m.getAs("device_id") + " " + m.getAs("model"))
          .contains(String.format(Locale.ROOT, "%.3f", m.<Double>getAs("within_10")),
              String.format(Locale.ROOT, "%.4f", m.<Double>getAs("rmse_ms")));
    }
    assertThat(page).contains("Feature importances", "lookup_table", "loglinear_macs");
    for (TrainModelsJob.DeviceModels m : trained) {
      double heldOut = m.evaluations().stream().filter(e -> e.model().equals(m.servedModel())
          && e.target().equals(TrainModelsJob.RAW)).findFirst().orElseThrow().metrics().within10();
      String version = new ModelRegistry(spark, lake).currentVersion("nb101", m.device());
      assertThat(page).as("what predict uses for " + m.device()).contains("<td>" + HtmlPage.escape(m.device())
          + "</td><td>nb101</td><td>" + version + "</td><td>no, the newest</td><td>" + m.servedModel() + "</td>"
          + "<td class=\"n\">" + String.format(Locale.ROOT, "%.3f", heldOut) + "</td>");
    }
    // 3 devices × (scatter + histogram), 2 latency charts, 2 heat maps, 3 few-shot curves
    assertThat(after.images()).hasSize(6 + 2 + 2 + 3);
    assertThat(page).as("a negative prediction is reported, not silently dropped")
        .contains("Not shown (prediction ≤ 0 ms): 1 of lookup_table");
    assertThat(page).contains(HtmlPage.escape(EVIL)).doesNotContain("<script", "alert('x')");
    assertThat(page).as("self-contained").doesNotContain("http://", "https://", "<link", "<iframe", "url(");
    assertEveryReferenceExistsAndDecodes(after);
  }

  /** Every src names a file of the folder, every PNG there is referenced, decodes, is big and not blank. */
  private static void assertEveryReferenceExistsAndDecodes(ReportJob.Result result) throws Exception {
    Path out = result.page().getParent();
    String page = Files.readString(result.page());
    Set<String> referenced = new HashSet<>();
    Matcher src = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
    while (src.find()) {
      referenced.add(src.group(1));
      assertThat(out.resolve(src.group(1))).as("referenced " + src.group(1)).isRegularFile();
    }
    Set<String> files = new HashSet<>();
    try (Stream<Path> listing = Files.list(out)) {
      listing.filter(p -> !p.getFileName().toString().equals(ReportJob.PAGE))
          .forEach(p -> files.add(p.getFileName().toString()));
    }
    assertThat(files).as("every file is a referenced PNG").isEqualTo(referenced)
        .allMatch(f -> f.matches("[0-9]{3}-[a-z0-9-]+\\.png"));
    for (String f : files) {
      BufferedImage image = ImageIO.read(out.resolve(f).toFile());
      assertThat(image).as(f + " decodes").isNotNull();
      assertThat(image.getWidth()).as(f).isBetween(400, 3000);
      assertThat(image.getHeight()).as(f).isBetween(300, 3000);
      assertThat(distinctColours(image)).as(f + " is not blank").isGreaterThan(20);
    }
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  /**
   * Held-out predictions in the train job's schema: the served model's real ones (as "gbt"), the baselines' as the
   * measured value times a seeded error (the additive baseline once below zero), and a few for a device id with markup.
   */
  private static void writePredictions(List<TrainModelsJob.DeviceModels> trained) throws Exception {
    StructType schema = new StructType().add("device_id", DataTypes.StringType)
        .add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
        .add("model", DataTypes.StringType).add("measured_ms", DataTypes.DoubleType)
        .add("predicted_ms", DataTypes.DoubleType).add("model_version", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    Random random = new Random(11);
    for (TrainModelsJob.DeviceModels m : trained) {
      List<Row> test = m.served().transform(ModelInputs.prepare(TrainingSet.read(spark, lake, "nb101"), 7, 20)
              .where(col("device_id").equalTo(m.device()).and(col(ModelInputs.IS_TEST))))
          .select(col("arch_id"), col("latency_ms"), exp(col("prediction"))).collectAsList();
      for (Row t : test) {
        double measured = t.getDouble(1);
        rows.add(RowFactory.create(m.device(), "nb101", t.getString(0), "gbt", measured, t.getDouble(2), "v1"));
        rows.add(RowFactory.create(m.device(), "nb101", t.getString(0), "loglinear_macs", measured,
            measured * Math.exp(0.4 * random.nextGaussian()), "v1"));
        rows.add(RowFactory.create(m.device(), "nb101", t.getString(0), "loglinear_params", measured,
            measured * Math.exp(0.6 * random.nextGaussian()), "v1"));
        rows.add(RowFactory.create(m.device(), "nb101", t.getString(0), "lookup_table", measured,
            measured * (1 + 0.3 * random.nextGaussian()), "v1"));
      }
      rows.add(RowFactory.create(m.device(), "nb101", "negative", "lookup_table", 2.0, -0.5, "v1"));
      rows.add(RowFactory.create(m.device(), "nb101", "older", "gbt", 2.0, 2.0, "v0"));
    }
    for (int i = 1; i <= 5; i++) {
      rows.add(RowFactory.create(EVIL, "nb101", "a" + i, "gbt", i * 1.0, i * 1.05, "v1"));
    }
    register(ReportReader.MODEL_PREDICTIONS, rows, schema);
  }

  /** Transfer results in the transfer job's schema: every ordered pair of 3 devices, 4 methods, 3 seeds. */
  private static void writeTransferTables() throws Exception {
    List<String> devices = new ArrayList<>(DEVICES);
    devices.add(EVIL);
    StructType matrix = new StructType().add("space", DataTypes.StringType).add("source", DataTypes.StringType)
        .add("target", DataTypes.StringType).add("common_archs", DataTypes.IntegerType)
        .add("spearman_zero_shot", DataTypes.DoubleType).add("kendall_zero_shot", DataTypes.DoubleType)
        .add("k", DataTypes.IntegerType).add("within10_recalibrated", DataTypes.DoubleType)
        .add("spearman_recalibrated", DataTypes.DoubleType).add("seeds", DataTypes.IntegerType)
        .add("transfer_run_id", DataTypes.StringType);
    StructType curves = new StructType().add("space", DataTypes.StringType).add("target", DataTypes.StringType)
        .add("method", DataTypes.StringType).add("source", DataTypes.StringType).add("k", DataTypes.IntegerType)
        .add("seed", DataTypes.IntegerType).add("n_test", DataTypes.IntegerType)
        .add("within10", DataTypes.DoubleType).add("spearman", DataTypes.DoubleType)
        .add("rmse_ms", DataTypes.DoubleType).add("mape", DataTypes.DoubleType)
        .add("transfer_run_id", DataTypes.StringType);
    List<Row> pairs = new ArrayList<>();
    List<Row> points = new ArrayList<>();
    Random random = new Random(5);
    for (String target : devices) {
      for (String source : devices) {
        if (!source.equals(target)) {
          pairs.add(RowFactory.create("nb101", source, target, ARCHS, 0.3 + 0.5 * random.nextDouble(),
              0.2 + 0.4 * random.nextDouble(), 20, 0.4 + 0.5 * random.nextDouble(), 0.8, 5, "t-20261127-1"));
        }
      }
      for (String method : List.of("target_only", "source_recalibrated", "source_feature", "auto_source")) {
        for (int k : new int[] {0, 5, 10, 20, 50, 100, 200, 640}) {
          for (int seed = 1; seed <= 3; seed++) {
            double within10 = Math.min(1, 0.2 + 0.1 * Math.log1p(k) + 0.03 * random.nextGaussian());
            points.add(RowFactory.create("nb101", target, method, method.equals("target_only") ? null : DEVICES.get(0),
                k, seed, 160, within10, 0.9, 0.5, 0.1, "t-20261127-1"));
          }
        }
      }
    }
    pairs.add(RowFactory.create("nb101", "old-source", "old-target", 1, 0.0, 0.0, 20, 0.0, 0.0, 1, "t-20250101-1"));
    register(ReportReader.TRANSFER_MATRIX, pairs, matrix);
    register(ReportReader.TRANSFER_CURVES, points, curves);
  }

  private static void register(String table, List<Row> rows, StructType schema) throws Exception {
    String location = lake.path("gold/" + table);
    spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(location);
    new TableRegistry(spark).registerParquet(table, location, schema);
  }
}
