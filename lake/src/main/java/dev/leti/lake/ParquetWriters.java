package dev.leti.lake;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;

/**
 * A {@link ParquetWriter} builder for any {@link WriteSupport}: Parquet's builder is abstract only to obtain one,
 * so writers without Spark (raw batches, feature tables) share this one instead of each subclassing it.
 */
public final class ParquetWriters<T> extends ParquetWriter.Builder<T, ParquetWriters<T>> {
  private final WriteSupport<T> support;

  private ParquetWriters(Path path, WriteSupport<T> support) {
    super(path);
    this.support = support;
  }

  public static <T> ParquetWriters<T> builder(Path path, WriteSupport<T> support) {
    return new ParquetWriters<>(path, support);
  }

  @Override
  protected ParquetWriters<T> self() {
    return this;
  }

  @Override
  protected WriteSupport<T> getWriteSupport(Configuration conf) {
    return support;
  }
}
