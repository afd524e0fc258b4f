package dev.leti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's path through the lake commands, with scripts/leti: import, pipeline, the SQL shell and server. */
class LakeCommandsIT {
  private static final Path HOME = Path.of(System.getProperty("leti.home", "..")).toAbsolutePath().normalize();
  private static final String LETI = HOME.resolve("scripts/leti").toString();

  /**
   * A Spark "installation" for local-cluster executors: the launcher's jars linked into {@code jars/}, which is
   * where Spark's worker looks for the executors' class path.
   */
  private static Path sparkHomeOfTheLauncherClasspath(Path home) throws Exception {
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String jar : Files.readString(HOME.resolve("cli/target/classpath.txt")).strip().split(":")) {
      Path target = Path.of(jar);
      Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
    }
    return home;
  }

  @Test
  void importPipelineAndSql(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("device_id,arch_index,session_id,run_index,warmup,latency_ms,started_at_ms\n");
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < 8; i++) {
        csv.append("phone,").append(s).append(",s").append(s).append(',').append(i).append(',')
            .append(i == 0 ? 1 : 0).append(',').append(10 + s + i * 0.01).append(',').append(1000 + i).append('\n');
      }
    }
    csv.append("phone,0,s0,8,0,NaN,2000\n");
    Files.writeString(dir.resolve("runs.csv"), csv);
    Files.writeString(dir.resolve("devices.json"), "{\"devices\": {\"phone\": {\"kind\": \"phone\"}}}");
    String lake = dir.resolve("lake").toString();

    LauncherIT.Result imported = LauncherIT.run(Map.of(), LETI, "import", "runs", "--csv",
        dir.resolve("runs.csv").toString(), "--devices", dir.resolve("devices.json").toString(), "--lake", lake);
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).containsPattern("batch runs-[0-9a-f]{16}: runs=25 sessions=0 devices=1");

    LauncherIT.Result pipeline = LauncherIT.run(Map.of(), LETI, "pipeline", "--lake", lake);
    assertThat(pipeline.exit()).as(pipeline.err()).isZero();
    assertThat(pipeline.out()).contains("reconciled: rows_in 25 = clean 24 + outliers 0 + quarantined 1");

    // the same job on a local cluster (a master and two executor JVMs) and the lake as a file: URI: what a cluster
    // run does, short of YARN/Kubernetes and HDFS/S3
    Path sparkHome = sparkHomeOfTheLauncherClasspath(dir.resolve("spark-home"));
    LauncherIT.Result onCluster = LauncherIT.run(Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION",
        "2.12"), LETI, "--set", "spark.conf.spark.jars=" + HOME.resolve("cli/target/leti-submit.jar"),
        "--set", "spark.conf.spark.executor.memory=512m", "pipeline", "--master", "local-cluster[2,1,768]",
        "--lake", dir.resolve("lake").toUri().toString());
    assertThat(onCluster.exit()).as(onCluster.err()).isZero();
    assertThat(onCluster.out()).contains("reconciled: rows_in 25 = clean 24 + outliers 0 + quarantined 1");

    LauncherIT.Result sql = LauncherIT.run(Map.of(), LETI, "sql", "--lake", lake, "-e",
        "SELECT reason FROM quarantine; SELECT count(*) FROM latency_medians;"
            + " SELECT count(*), count_if(used), count_if(warmup) FROM clean_runs;");
    assertThat(sql.exit()).as(sql.err()).isZero();
    // clean_runs is a view over raw_runs and run_flags: the real spark-sql CLI expands it
    assertThat(sql.out().strip().lines()).containsExactly("latency_nan", "3", "24\t21\t3");

    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    ProcessBuilder serverCommand = new ProcessBuilder(LETI, "sql-server", "--lake", lake, "--port",
        String.valueOf(port)).directory(HOME.toFile()).redirectErrorStream(true);
    serverCommand.environment().put("LETI_SKIP_BUILD", "1");
    Process server = serverCommand.start();
    server.getOutputStream().close();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream()));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("sql-server: ")) {
        // Spark's start-up lines
      }
      assertThat(line).as("the server announced itself").isNotNull().contains("jdbc:hive2://localhost:" + port);
      try (Connection c = DriverManager.getConnection("jdbc:hive2://localhost:" + port + "/leti");
          ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM clean_runs WHERE used")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1)).isEqualTo(21);
      }
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
