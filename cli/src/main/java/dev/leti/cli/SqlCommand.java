package dev.leti.cli;

import dev.leti.lake.Lake;
import dev.leti.jobs.lake.LetiSpark;
import dev.leti.jobs.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.deploy.SparkSubmit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leti sql} and {@code leti sql-server}: Spark's own spark-sql CLI and Thrift JDBC server, started through
 * SparkSubmit in this JVM against the lake's metastore. They take over the process and exit it when done.
 */
final class SqlCommand {
  private SqlCommand() {}

  /** Arguments for SparkSubmit running {@code mainClass} on the lake. */
  static List<String> submitArgs(SparkOptions spark, String mainClass) {
    Lake lake = spark.lake();
    List<String> args = new ArrayList<>(List.of("--master", spark.master == null ? "local[*]" : spark.master,
        "--class", mainClass, "--conf", "spark.ui.enabled=false"));
    for (Map.Entry<String, String> e : LetiSpark.lakeConf(lake, spark.metastoreUris).entrySet()) {
      args.add("--conf");
      args.add(e.getKey() + "=" + e.getValue());
    }
    System.setProperty("derby.stream.error.file", LetiSpark.localDir(lake, "derby.log"));
    args.add("spark-internal");
    return args;
  }

  @Command(name = "sql", mixinStandardHelpOptions = true,
      description = {"The spark-sql CLI on the lake's tables (database 'leti' is the current one).",
          "Without -e or -f it reads statements from standard input."})
  static final class Shell implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Option(names = "-e", paramLabel = "SQL", description = "run these statements and exit")
    String sql;

    @Option(names = "-f", paramLabel = "FILE", description = "run the statements of a file and exit")
    String file;

    @Override
    public Integer call() {
      if (sql != null && file != null) {
        throw new UserException("give -e or -f, not both");
      }
      List<String> args = submitArgs(spark, "org.apache.spark.sql.hive.thriftserver.SparkSQLCLIDriver");
      args.addAll(List.of("-S", "--database", Tables.DATABASE));
      if (sql != null) {
        args.addAll(List.of("-e", sql));
      } else if (file != null) {
        args.addAll(List.of("-f", file));
      }
      SparkSubmit.main(args.toArray(new String[0]));
      return 0;
    }
  }

  @Command(name = "sql-server", mixinStandardHelpOptions = true,
      description = {"The Thrift JDBC/ODBC server (HiveServer2 protocol) on the lake's tables, for BI tools and",
          "beeline: jdbc:hive2://localhost:<port>/leti. Runs until stopped (Ctrl-C)."})
  static final class Server implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark;

    @Option(names = "--port", defaultValue = "10000", description = "port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "localhost", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
      List<String> args = submitArgs(spark, "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2");
      args.addAll(List.of("--hiveconf", "hive.server2.thrift.port=" + port,
          "--hiveconf", "hive.server2.thrift.bind.host=" + bind));
      SparkSubmit.main(args.toArray(new String[0]));
      // the server runs in its own threads; returning would let the command line exit the JVM
      spec.commandLine().getOut().printf("sql-server: jdbc:hive2://%s:%d/%s on %s (Ctrl-C stops it)%n", bind, port,
          Tables.DATABASE, spark.lake().root());
      spec.commandLine().getOut().flush();
      Thread.currentThread().join();
      return 0;
    }
  }
}
