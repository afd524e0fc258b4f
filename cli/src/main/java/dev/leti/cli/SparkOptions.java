package dev.leti.cli;

import dev.leti.cli.config.LetiConfig;
import dev.leti.jobs.lake.LetiSpark;
import dev.leti.lake.Lake;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every Spark command shares: where the lake is, which master, which metastore. Each falls back to the
 * configuration ({@code lake.root}, {@code spark.master}, {@code lake.metastore_uris}).
 */
final class SparkOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--lake", paramLabel = "DIR",
      description = "lake root: a local path or a Hadoop URI (default: lake.root of the configuration, data-lake/)")
  String lake;

  @Option(names = "--master", paramLabel = "M",
      description = "Spark master (default local[*]); a cluster master hands the command to spark-submit")
  String master;

  @Option(names = "--metastore-uris", paramLabel = "URIS",
      description = "an external Hive metastore, thrift://host:port (default: embedded Derby inside the lake)")
  String metastoreUris;

  LetiConfig config() {
    return Leti.config(command);
  }

  Lake lake() {
    return new Lake(resolve(lake != null ? lake : config().lake().root()));
  }

  /** The lake at {@code root}, or the configured one when it is null. */
  static Lake lakeAt(String root, LetiConfig config) {
    return new Lake(resolve(root != null ? root : config.lake().root()));
  }

  /** A Hadoop URI as it is; a relative path against the checkout ({@code leti.home}). */
  static String resolve(String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
      return location; // hdfs://, s3a://, file:/ ...
    }
    return home().resolve(location).toAbsolutePath().normalize().toString();
  }

  static Path home() {
    return Path.of(System.getProperty("leti.home", ".")).toAbsolutePath().normalize();
  }

  /**
   * The master: {@code --master}, else spark-submit's, else the configured one. A configured cluster master is an
   * error here: only {@code --master} on the command line lets the launcher hand the command to spark-submit.
   */
  String master() {
    if (master != null || System.getProperty("spark.master") != null) {
      return master;
    }
    String configured = config().spark().master();
    if (!configured.startsWith("local")) {
      throw new UserException("spark.master is '" + configured + "' in the configuration, but a cluster master must "
          + "be given as --master " + configured + " so that scripts/leti hands the command to spark-submit");
    }
    return configured;
  }

  SparkSession session(String app) {
    return LetiSpark.session("leti " + app, lake(), master(),
        metastoreUris != null ? metastoreUris : config().lake().metastoreUris());
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
