package dev.leti.collector;

import dev.leti.collector.device.ShellArgs;
import dev.leti.features.export.ExportTarget;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb201.Nb201Index;
import java.util.Objects;

/**
 * One architecture to measure: its space, its id (checked against the space's pattern, since it ends up in file
 * names, session ids and device paths) and how to build its network.
 */
public record ArchRef(String space, String id, ExportTarget target) {
  public ArchRef {
    Objects.requireNonNull(target, "target");
    ShellArgs.archId(space, id);
    if (!target.space().equals(space) || !target.id().equals(id)) {
      throw new IllegalArgumentException("target " + target.space() + "/" + target.id() + " is not " + space + "/" + id);
    }
  }

  public static ArchRef nb101(Nb101Cell cell) {
    ExportTarget t = ExportTarget.nb101(cell);
    return new ArchRef(t.space(), t.id(), t);
  }

  public static ArchRef nb201(int index) {
    ExportTarget t = ExportTarget.nb201(Nb201Index.arch(index));
    return new ArchRef(t.space(), t.id(), t);
  }

  @Override
  public String toString() {
    return space + "/" + id;
  }
}
