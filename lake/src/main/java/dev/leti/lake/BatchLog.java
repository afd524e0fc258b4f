package dev.leti.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The commit protocol of the raw layer. A batch is written under {@code raw/_staging/<batch>/<table>}, each table
 * directory is then renamed to {@code raw/<table>/batch_id=<batch>}, and last a commit file
 * {@code raw/commits/<batch>.json} is written under a temporary name and renamed into place. Readers trust only
 * batches with a commit file, so a crash at any moment leaves the lake readable; the next writer of the same
 * batch clears what the crash left.
 */
public final class BatchLog {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** What a commit file says. */
  public record Commit(String batchId, String kind, long committedAtMs, String letiVersion,
      List<Source> sources, Map<String, Long> rows) {}

  /** An input file of a batch and its content hash (SHA-256, hex). */
  public record Source(String path, String sha256, long bytes) {}

  private final Lake lake;
  private final FileSystem fs;

  public BatchLog(Lake lake, Configuration conf) {
    this.lake = lake;
    try {
      this.fs = new Path(lake.root()).getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the lake at " + lake.root(), e);
    }
  }

  /** Every committed batch, oldest first. */
  public List<Commit> committed() throws IOException {
    Path dir = new Path(lake.commits());
    List<Commit> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".json") && !p.getName().startsWith("_"))) {
      try (java.io.InputStream in = fs.open(f.getPath())) {
        out.add(JSON.readValue(in, Commit.class));
      } catch (IOException e) {
        throw new IOException("unreadable commit file " + f.getPath() + ": " + e.getMessage(), e);
      }
    }
    out.sort(Comparator.comparingLong(Commit::committedAtMs).thenComparing(Commit::batchId));
    return out;
  }

  public boolean isCommitted(String batchId) throws IOException {
    return fs.exists(commitFile(batchId));
  }

  /** Clears leftovers of an uncommitted batch (staging and renamed table directories) before writing it anew. */
  public void clearUncommitted(String batchId, List<String> tableDirs) throws IOException {
    if (isCommitted(batchId)) {
      throw new IllegalStateException("batch " + batchId + " is committed; it is never rewritten");
    }
    fs.delete(new Path(lake.staging(batchId)), true);
    for (String table : tableDirs) {
      fs.delete(partition(table, batchId), true);
    }
  }

  /** Where a batch's table is staged before commit. */
  public String stagingDir(String batchId, String table) {
    return lake.staging(batchId) + "/" + new Path(table).getName();
  }

  /** Moves each staged table into place, then writes the commit file: the batch exists from that moment on. */
  public void commit(Commit commit, List<String> tableDirs) throws IOException {
    for (String table : tableDirs) {
      Path staged = new Path(stagingDir(commit.batchId(), table));
      if (!fs.exists(staged)) {
        continue;
      }
      Path target = partition(table, commit.batchId());
      fs.mkdirs(target.getParent());
      if (!fs.rename(staged, target)) {
        throw new IOException("could not move " + staged + " to " + target);
      }
    }
    Path tmp = new Path(lake.commits(), "_" + commit.batchId() + ".json.tmp");
    fs.mkdirs(tmp.getParent());
    try (OutputStream out = fs.create(tmp, true)) {
      JSON.writeValue(out, commit);
    }
    if (!fs.rename(tmp, commitFile(commit.batchId()))) {
      throw new IOException("could not commit batch " + commit.batchId());
    }
    fs.delete(new Path(lake.staging(commit.batchId())), true);
  }

  private Path commitFile(String batchId) {
    return new Path(lake.commits(), batchId + ".json");
  }

  private static Path partition(String tableDir, String batchId) {
    return new Path(tableDir, Columns.BATCH_ID + "=" + batchId);
  }
}
