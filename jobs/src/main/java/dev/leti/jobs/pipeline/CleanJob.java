package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Flags valid runs; it never drops one. Warm-up runs stay, flagged, out of every statistic. Outliers are judged
 * within their session against its non-warm-up runs ({@link CleaningRules}); a session is then flagged
 * {@code too_few_runs}, {@code drifting} (first and last thirds disagree) or {@code throttled} (temperature rose or
 * clock fell during it), and {@code used} marks the runs the medians are made of. The rules run in
 * {@link SessionProcessor}; cost: one shuffle by session here, none in the pipeline, which validates and cleans
 * in one read of the raw runs ({@code ValidateAndClean}).
 */
public final class CleanJob {
  public static final String IS_OUTLIER = "is_outlier";
  public static final String USED = "used";
  public static final String SESSION_MEDIAN_MS = "session_median_ms";

  /** Runs with their flags, and one row per session. */
  public record Cleaned(Dataset<Row> runs, Dataset<Row> sessions) {}

  /** Runs the pipeline through cleaning: writes the quarantine, the clean runs and the sessions. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.pipelineUntil("clean", args, PipelineJob.Stage.CLEAN);
  }

  private CleanJob() {}

  /** Cleans runs that passed validation (the Dataset form: one shuffle by session). */
  public static Cleaned clean(Dataset<Row> valid, Dataset<Row> sessionMetadata, CleaningRules rules) {
    SessionPass.Judged judged = SessionPass.judge(valid, RunChecks.NONE, rules);
    return new Cleaned(judged.verdicts().where(col(REASON).isNull()).drop(REASON, DETAIL),
        sessionsTable(judged.sessions(), sessionMetadata));
  }

  /** The {@code sessions} table: judged sessions with their metadata. */
  static Dataset<Row> sessionsTable(Dataset<Row> judgedSessions, Dataset<Row> sessionMetadata) {
    return judgedSessions.drop(SessionPass.USED_MS)
        .join(sessionMetadata.select(col(SESSION_ID), col(INIT_MS), col(FIRST_INFERENCE_MS), col(PARAMS)),
            new String[] {SESSION_ID}, "left");
  }
}
