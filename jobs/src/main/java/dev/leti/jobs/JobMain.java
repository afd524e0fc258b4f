package dev.leti.jobs;

import dev.leti.lake.Lake;
import dev.leti.jobs.lake.LetiSpark;
import dev.leti.jobs.pipeline.PipelineJob;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The shared body of the jobs' thin {@code main}s, for {@code spark-submit --class <Job> leti-submit.jar --lake …}:
 * parses {@code --key value} options once (an unknown key is an error naming it), builds the session, runs the
 * job, prints its summary and stops the session. Errors are one line on stderr and exit code 1.
 */
public final class JobMain {
  private static final List<String> COMMON = List.of("lake", "master", "metastore-uris");

  /** The job's work; returns the line to print. */
  public interface Body {
    String run(SparkSession spark, Lake lake, Map<String, String> options) throws Exception;
  }

  private JobMain() {}

  public static void main(String app, String[] args, List<String> keys, Body body) {
    int status = 1;
    try {
      Map<String, String> options = parse(args, keys);
      Lake lake = new Lake(options.getOrDefault("lake", "data-lake"));
      SparkSession spark = LetiSpark.session("leti " + app, lake, options.get("master"),
          options.get("metastore-uris"));
      try {
        System.out.println(body.run(spark, lake, options));
        status = 0;
      } finally {
        spark.stop();
      }
    } catch (Exception e) { // Spark throws checked exceptions undeclared
      System.err.println("leti " + app + ": " + e.getMessage());
    } finally {
      System.exit(status);
    }
  }

  /** The pipeline up to {@code stage}: what a stage's main runs (its inputs come from the stages before it). */
  public static void pipelineUntil(String app, String[] args, PipelineJob.Stage stage) {
    main(app, args, List.of(), (spark, lake, options) -> {
      PipelineJob.Result r = new PipelineJob(lake).until(stage).run(spark);
      return r.runId() + " " + r.counts();
    });
  }

  static Map<String, String> parse(String[] args, List<String> keys) {
    Set<String> allowed = new LinkedHashSet<>(COMMON);
    allowed.addAll(keys);
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (key == null || !allowed.contains(key)) {
        throw new IllegalArgumentException("unknown option '" + args[i] + "'; known: --" + String.join(", --", allowed));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option --" + key + " needs a value");
      }
      options.put(key, args[++i]);
    }
    return options;
  }

  /** A required option, or an error naming it. */
  public static String require(Map<String, String> options, String key) {
    String v = options.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return v;
  }
}
