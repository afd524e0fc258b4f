package dev.leti.lake;

/** One column of a raw table. Every raw column is nullable: a source may lack any field. */
public record RawColumn(String name, ColumnType type) {
  public RawColumn {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a raw column needs a name");
    }
    if (type == null) {
      throw new IllegalArgumentException("column " + name + " has no type");
    }
  }
}
