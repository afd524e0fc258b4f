package dev.leti.jobs.io;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Reads an external CSV file (plain or compressed) into a raw schema, one row per data line, none dropped. */
public final class CsvSource {
  private CsvSource() {}

  /**
   * Lazily maps every data line; errors reading the file surface when the result is first computed.
   *
   * @param required columns the header must provide
   */
  public static Dataset<Row> read(SparkSession spark, String file, StructType schema, List<String> required)
      throws IOException {
    return read(spark, file, schema, required, Map.of());
  }

  /** As {@link #read(SparkSession, String, StructType, List)}, renaming header columns by {@code aliases}. */
  public static Dataset<Row> read(SparkSession spark, String file, StructType schema, List<String> required,
      Map<String, String> aliases) throws IOException {
    String header = InputFiles.firstLine(file, spark.sparkContext().hadoopConfiguration());
    CsvRowMapper mapper = CsvRowMapper.forHeader(header, schema, required, file, aliases);
    JavaRDD<Row> rows = spark.sparkContext().textFile(file, 1).toJavaRDD()
        .zipWithIndex()
        .filter(t -> t._2() > 0)
        .map(t -> mapper.map(t._1(), t._2()));
    return spark.createDataFrame(rows, schema);
  }
}
