package dev.leti.cli.table;

import dev.leti.features.table.TableLayout;
import dev.leti.features.table.TableRow;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a table as one file under a directory given as any Hadoop URI (a local path, {@code file:},
 * {@code hdfs:}, {@code s3a:}). The file is written under a name starting with '_' that readers skip and renamed
 * into place by {@link #commit()}, so a crash never leaves a half-written table behind under the real name.
 */
public abstract class TableWriter implements AutoCloseable {
  protected final TableLayout layout;
  private final FileSystem fs;
  private final Path temporary;
  private final Path target;
  private boolean committed;

  protected TableWriter(TableLayout layout, String directory, String fileName) throws IOException {
    this.layout = layout;
    Path dir = new Path(directory);
    this.fs = dir.getFileSystem(new Configuration());
    this.target = new Path(dir, fileName);
    this.temporary = new Path(dir, "_tmp." + fileName);
    fs.mkdirs(dir);
    fs.delete(temporary, false);
  }

  /** Opens a writer for {@code format} ("parquet" or "csv") writing {@code <directory>/<name>.<format>}. */
  public static TableWriter open(String format, TableLayout layout, String directory, String name)
      throws IOException {
    return switch (format) {
      case "parquet" -> new ParquetTableWriter(layout, directory, name + ".parquet");
      case "csv" -> new CsvTableWriter(layout, directory, name + ".csv");
      default -> throw new IllegalArgumentException("unknown format '" + format + "'; use parquet or csv");
    };
  }

  protected FileSystem fileSystem() {
    return fs;
  }

  protected Path temporaryPath() {
    return temporary;
  }

  /** Where the table is once committed. */
  public String target() {
    return target.toString();
  }

  public abstract void write(TableRow row) throws IOException;

  /** Finishes the file format (footer, flush). */
  protected abstract void finish() throws IOException;

  /** Closes the file and moves it to its real name, replacing an older table there. */
  public void commit() throws IOException {
    finish();
    fs.delete(target, false);
    if (!fs.rename(temporary, target)) {
      throw new IOException("could not rename " + temporary + " to " + target);
    }
    committed = true;
  }

  /** Without a commit, drops the partial file. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        finish();
      } finally {
        fs.delete(temporary, false);
      }
    }
  }
}
