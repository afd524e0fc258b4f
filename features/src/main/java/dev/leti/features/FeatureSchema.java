package dev.leti.features;

import java.util.ArrayList;
import java.util.List;

/** The ordered feature columns of a search space: a row of features is a {@code long[]} in this order. */
public final class FeatureSchema {
  private final List<FeatureColumn> columns;

  private FeatureSchema(List<FeatureColumn> columns) {
    this.columns = List.copyOf(columns);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<FeatureColumn> columns() {
    return columns;
  }

  public int size() {
    return columns.size();
  }

  public List<String> names() {
    return columns.stream().map(FeatureColumn::name).toList();
  }

  /** Position of a column; an unknown name is an error that lists the known ones. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown feature '" + name + "'; known: " + names());
  }

  /** Collects columns in order and rejects a name given twice. */
  public static final class Builder {
    private final List<FeatureColumn> columns = new ArrayList<>();

    public Builder add(String name, String description) {
      for (FeatureColumn c : columns) {
        if (c.name().equals(name)) {
          throw new IllegalArgumentException("feature '" + name + "' defined twice");
        }
      }
      columns.add(new FeatureColumn(name, description));
      return this;
    }

    public FeatureSchema build() {
      return new FeatureSchema(columns);
    }
  }
}
