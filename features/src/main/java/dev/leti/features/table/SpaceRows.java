package dev.leti.features.table;

import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Features;
import dev.leti.features.nb101.Nb101Space;
import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import java.util.List;

/** Every architecture of a space as a table row, in the space's official order. */
public interface SpaceRows {
  TableLayout layout();

  int size();

  /** Row {@code i}; thread-safe, so rows can be computed in parallel. */
  TableRow row(int i);

  /** The rows of space {@code nb101} or {@code nb201}. */
  static SpaceRows of(String space) {
    return switch (space) {
      case "nb101" -> new Nb101Rows();
      case "nb201" -> new Nb201Rows();
      default -> throw unknown(space);
    };
  }

  /** The layout of the rows of {@code space}, without enumerating the space (NB-101 has 423,624 cells). */
  static TableLayout layoutOf(String space) {
    return switch (space) {
      case "nb101" -> Nb101Rows.LAYOUT;
      case "nb201" -> Nb201Rows.LAYOUT;
      default -> throw unknown(space);
    };
  }

  private static IllegalArgumentException unknown(String space) {
    return new IllegalArgumentException("unknown search space '" + space + "'; known: nb101, nb201");
  }

  /** NB-101: index in the official enumeration order, hash, matrix as a row-major 0/1 string, ops comma-joined. */
  final class Nb101Rows implements SpaceRows {
    private static final TableLayout LAYOUT = new TableLayout(List.of("hash", "matrix", "ops"), Nb101Features.SCHEMA);
    private final List<Nb101Cell> cells = Nb101Space.enumerate();

    @Override
    public TableLayout layout() {
      return LAYOUT;
    }

    @Override
    public int size() {
      return cells.size();
    }

    @Override
    public TableRow row(int i) {
      Nb101Cell c = cells.get(i);
      return new TableRow(i, new String[] {c.hash(), matrixString(c), String.join(",", c.ops())},
          Nb101Features.compute(c));
    }

    /** The matrix row by row as one string of 0 and 1 (the length is V squared). */
    static String matrixString(Nb101Cell c) {
      StringBuilder s = new StringBuilder(c.vertices() * c.vertices());
      for (int[] row : c.matrix()) {
        for (int e : row) {
          s.append(e);
        }
      }
      return s.toString();
    }
  }

  /** NB-201: the official index and the arch string. */
  final class Nb201Rows implements SpaceRows {
    private static final TableLayout LAYOUT = new TableLayout(List.of("arch"), Nb201Features.SCHEMA);

    @Override
    public TableLayout layout() {
      return LAYOUT;
    }

    @Override
    public int size() {
      return Nb201Index.size();
    }

    @Override
    public TableRow row(int i) {
      Nb201Arch arch = Nb201Index.arch(i);
      return new TableRow(i, new String[] {arch.toString()}, Nb201Features.compute(arch));
    }
  }
}
