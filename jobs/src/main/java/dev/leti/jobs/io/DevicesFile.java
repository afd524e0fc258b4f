package dev.leti.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.jobs.lake.RawSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Reads a devices file: {@code {"devices": {"<device_id>": {"kind": "gpu", "name": ..., ...}, ...}}}. Known keys
 * fill their columns; every key (known or not) is also kept as text in {@code properties}.
 */
public final class DevicesFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DevicesFile() {}

  public static List<Row> read(String file, Configuration conf) throws IOException {
    JsonNode root;
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new IOException("cannot read devices file " + file + ": " + e.getMessage(), e);
    }
    JsonNode devices = root == null ? null : root.get("devices");
    if (devices == null || !devices.isObject()) {
      throw new IllegalArgumentException(file + ": expected {\"devices\": {\"<device_id>\": {...}, ...}}");
    }
    List<Row> rows = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = devices.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> device = it.next();
      if (!device.getValue().isObject()) {
        throw new IllegalArgumentException(file + ": device '" + device.getKey() + "' is not an object");
      }
      rows.add(row(device.getKey(), device.getValue(), file));
    }
    return rows;
  }

  private static Row row(String id, JsonNode d, String file) {
    Map<String, String> properties = new LinkedHashMap<>();
    d.fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().isTextual()
        ? e.getValue().asText() : e.getValue().toString()));
    Object[] values = new Object[RawSchemas.DEVICES.size()];
    String[] names = RawSchemas.DEVICES.fieldNames();
    for (int i = 0; i < names.length; i++) {
      values[i] = switch (names[i]) {
        case "device_id" -> id;
        case "properties" -> JavaConverters.mapAsScalaMap(properties).toMap(scala.Predef.$conforms());
        case "source" -> file;
        default -> properties.get(names[i]);
      };
    }
    return RowFactory.create(values);
  }
}
