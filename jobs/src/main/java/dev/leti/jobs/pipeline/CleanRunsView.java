package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;

import dev.leti.jobs.lake.RawSchemas;
import dev.leti.jobs.lake.TableRegistry;
import dev.leti.jobs.lake.Tables;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code leti.clean_runs}: every valid run with its flags, as a view over the raw runs, the batches the pipeline
 * judged ({@code clean_batches}: batch id and {@code batch_seq}) and the run flags ({@link RunFlags}), so the
 * pipeline never copies the raw columns. A raw run is in the view when its batch was judged and its session's
 * flags mark its run index clean (or, for a session stored as a list, its run index, batch and source line are
 * listed). Batches committed after the last pipeline run stay out until the next run judges them.
 *
 * <p>Cost for the reader: a join of the raw runs with one row per session (and a broadcast of the batches).
 */
public final class CleanRunsView {
  public static final String RUN_FLAGS = "run_flags";
  public static final String CLEAN_BATCHES = "clean_batches";
  static final String RUN_FLAGS_PATH = "clean/run_flags";
  static final String CLEAN_BATCHES_PATH = "clean/batches";

  private CleanRunsView() {}

  /** The columns of the view, in order: the raw run, its batch, its flags. */
  public static List<String> columns() {
    List<String> names = new ArrayList<>(List.of(RawSchemas.RUNS.fieldNames()));
    names.addAll(List.of(BATCH_ID, RawInputs.BATCH_SEQ, CleanJob.IS_OUTLIER, CleanJob.USED,
        CleanJob.SESSION_MEDIAN_MS, "too_few_runs", "drifting", "throttled"));
    return names;
  }

  /** The view's query over the three named tables (or any relations with their columns). */
  static String select(String rawRuns, String batches, String runFlags) {
    String word = "CAST(r.run_index DIV 64 AS INT) + 1";
    String bit = "CAST(r.run_index % 64 AS INT)";
    String flagged = "CASE WHEN f.kept_runs IS NULL THEN"
        + " IF(r.run_index >= 0 AND bit_get(coalesce(try_element_at(f.valid_bits, " + word + "), 0L), " + bit
        + ") = 1, bit_get(try_element_at(f.outlier_bits, " + word + "), " + bit + ") = 1, NULL)"
        + " ELSE try_element_at(filter(f.kept_runs, k -> k.run_index = r.run_index AND k.batch_id = r.batch_id"
        + " AND k.source_line <=> r.source_line), 1).is_outlier END";
    StringBuilder raw = new StringBuilder();
    for (String c : RawSchemas.RUNS.fieldNames()) {
      raw.append("r.").append(c).append(", ");
    }
    List<String> out = new ArrayList<>(columns());
    // used: what the medians are made of (see SessionProcessor)
    out.set(out.indexOf(CleanJob.USED), "session_used AND NOT warmup AND NOT is_outlier AS " + CleanJob.USED);
    return "SELECT " + String.join(", ", out)
        + " FROM (SELECT " + raw + "r.batch_id, b.batch_seq, f.session_used, f.session_median_ms, f.too_few_runs,"
        + " f.drifting, f.throttled, " + flagged + " AS is_outlier"
        + " FROM " + rawRuns + " r JOIN " + batches + " b ON r.batch_id = b.batch_id"
        + " JOIN " + runFlags + " f ON r.session_id = f.session_id) WHERE is_outlier IS NOT NULL";
  }

  /** Registers the view over the metastore's {@code raw_runs}, {@code clean_batches} and {@code run_flags}. */
  static void register(TableRegistry registry) {
    registry.registerView(Tables.CLEAN_RUNS, select(Tables.qualified(Tables.RAW_RUNS),
        Tables.qualified(CLEAN_BATCHES), Tables.qualified(RUN_FLAGS)));
  }
}
