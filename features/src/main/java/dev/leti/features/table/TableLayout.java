package dev.leti.features.table;

import dev.leti.features.FeatureSchema;
import java.util.ArrayList;
import java.util.List;

/** Columns of a feature table: {@code index}, the text key columns, then the feature columns (64-bit integers). */
public record TableLayout(List<String> keyColumns, FeatureSchema schema) {

  public TableLayout {
    keyColumns = List.copyOf(keyColumns);
  }

  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    names.add("index");
    names.addAll(keyColumns);
    names.addAll(schema.names());
    return names;
  }
}
