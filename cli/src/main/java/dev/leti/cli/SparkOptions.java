package dev.leti.cli;

import dev.leti.jobs.lake.LetiSpark;
import dev.leti.lake.Lake;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options every Spark command shares: where the lake is, which master, which metastore. */
final class SparkOptions {
  @Option(names = "--lake", paramLabel = "DIR",
      description = "lake root: a local path or a Hadoop URI (default: data-lake/ of the checkout)")
  String lake;

  @Option(names = "--master", paramLabel = "M",
      description = "Spark master (default local[*]); a cluster master hands the command to spark-submit")
  String master;

  @Option(names = "--metastore-uris", paramLabel = "URIS",
      description = "an external Hive metastore, thrift://host:port (default: embedded Derby inside the lake)")
  String metastoreUris;

  Lake lake() {
    return lakeAt(lake);
  }

  /** The lake at {@code root}, or the checkout's data-lake/ when it is null. */
  static Lake lakeAt(String root) {
    if (root != null) {
      return new Lake(root);
    }
    String home = System.getProperty("leti.home");
    return new Lake(Path.of(home == null ? "." : home, "data-lake").toAbsolutePath().normalize().toString());
  }

  SparkSession session(String app) {
    return LetiSpark.session("leti " + app, lake(), master, metastoreUris);
  }

  /** What a command does with its session. */
  interface SessionWork {
    int run(SparkSession session) throws Exception;
  }

  /** Runs {@code work} in a new session and stops the session after it, whatever happens. */
  int withSession(String app, SessionWork work) throws Exception {
    SparkSession session = session(app);
    try {
      return work.run(session);
    } finally {
      session.stop();
    }
  }
}
