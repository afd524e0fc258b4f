package dev.leti.jobs.lake;

import dev.leti.lake.Lake;
import java.io.File;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session of a leti run. The master comes from spark-submit or {@code --master}; without either
 * it is {@code local[*]}. The Hive metastore is the lake's embedded Derby database ({@code <lake>/metastore_db},
 * one JVM at a time) unless {@code metastoreUris} names an external one; Hive's scratch files stay in the lake.
 */
public final class LetiSpark {
  private LetiSpark() {}

  /**
   * @param master null to leave it to spark-submit (or local[*] when nothing set it)
   * @param metastoreUris null for the embedded metastore, else thrift://host:port[,...]
   */
  public static SparkSession session(String appName, Lake lake, String master, String metastoreUris) {
    SparkConf conf = new SparkConf(true);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    boolean local = conf.get("spark.master").startsWith("local");
    conf.setAppName(appName)
        // small local machines: a few shuffle partitions beat Spark's 200
        .setIfMissing("spark.sql.shuffle.partitions", local ? String.valueOf(2 * cores()) : "200")
        .setIfMissing("spark.ui.enabled", local ? "false" : "true");
    if (local) {
      // a task's result over 1 MB (the sessions' directory, a pass partition's session hashes) is otherwise stored
      // in the block manager and fetched back over the loopback network; in one JVM it can be handed over directly
      conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
    }
    lakeConf(lake, metastoreUris).forEach(conf::setIfMissing);
    System.setProperty("derby.stream.error.file", localDir(lake, "derby.log"));
    return SparkSession.builder().config(conf).enableHiveSupport().getOrCreate();
  }

  /**
   * The settings that tie Spark to a lake: warehouse, metastore (embedded Derby in the lake unless external URIs
   * are given), Hive's scratch dirs, UTC. Also what the spark-sql CLI and the Thrift server are started with.
   */
  public static Map<String, String> lakeConf(Lake lake, String metastoreUris) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.sql.warehouse.dir", lake.warehouse());
    conf.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    if (metastoreUris != null) {
      conf.put("spark.hadoop.hive.metastore.uris", metastoreUris);
    } else {
      conf.put("spark.hadoop.javax.jdo.option.ConnectionURL",
          "jdbc:derby:;databaseName=" + localDir(lake, "metastore_db") + ";create=true");
    }
    conf.put("spark.hadoop.hive.exec.local.scratchdir", localDir(lake, "tmp/scratch"));
    conf.put("spark.hadoop.hive.downloaded.resources.dir", localDir(lake, "tmp/resources"));
    return conf;
  }

  /** A local directory for embedded-metastore files: inside the lake when it is local, else under java.io.tmpdir. */
  public static String localDir(Lake lake, String name) {
    URI uri = URI.create(lake.root().replace(" ", "%20"));
    String base = uri.getScheme() == null || "file".equals(uri.getScheme())
        ? new File(uri.getScheme() == null ? lake.root() : uri.getPath()).getAbsolutePath()
        : new File(System.getProperty("java.io.tmpdir"), "leti").getAbsolutePath();
    return base + "/" + name;
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
