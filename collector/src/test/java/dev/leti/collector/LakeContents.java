package dev.leti.collector;

import dev.leti.lake.BatchLog;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/** What a reader of the raw layer sees: the rows of committed batches only, read back with plain Parquet. */
final class LakeContents {
  final List<BatchLog.Commit> commits;
  final List<Map<String, Object>> runs = new ArrayList<>();
  final List<Map<String, Object>> sessions = new ArrayList<>();
  final List<Map<String, Object>> devices = new ArrayList<>();

  LakeContents(Lake lake) throws IOException {
    Configuration conf = new Configuration();
    commits = new BatchLog(lake, conf).committed();
    FileSystem fs = new Path(lake.root()).getFileSystem(conf);
    for (BatchLog.Commit c : commits) {
      read(fs, conf, lake.rawRuns(), c.batchId(), runs);
      read(fs, conf, lake.rawSessions(), c.batchId(), sessions);
      read(fs, conf, lake.rawDevices(), c.batchId(), devices);
    }
  }

  private static void read(FileSystem fs, Configuration conf, String table, String batch,
      List<Map<String, Object>> into) throws IOException {
    Path dir = new Path(table, Columns.BATCH_ID + "=" + batch);
    if (!fs.exists(dir)) {
      return;
    }
    for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".parquet"))) {
      try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f.getPath()).withConf(conf).build()) {
        for (Group g = r.read(); g != null; g = r.read()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < g.getType().getFieldCount(); i++) {
            String name = g.getType().getFieldName(i);
            if (g.getFieldRepetitionCount(i) > 0 && g.getType().getType(i).isPrimitive()) {
              row.put(name, g.getValueToString(i, 0));
            }
          }
          row.put(Columns.BATCH_ID, batch);
          into.add(row);
        }
      }
    }
  }
}
