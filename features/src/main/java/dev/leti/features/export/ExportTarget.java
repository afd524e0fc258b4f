package dev.leti.features.export;

import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Network;
import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Dataset;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Network;
import dev.leti.features.net.Network;
import java.util.function.Supplier;

/**
 * An architecture to export: its space, the id that names its file (NB-101 graph hash, NB-201 official index)
 * and its network, built only when an export needs it.
 */
public record ExportTarget(String space, String id, Supplier<Network> network) {
  /** The official network of an NB-101 cell (stem 128, CIFAR-10). */
  public static ExportTarget nb101(Nb101Cell cell) {
    return new ExportTarget("nb101", cell.hash(), () -> Nb101Network.build(cell));
  }

  /** The CIFAR-10 network of an NB-201 arch (C = 16, 10 classes). */
  public static ExportTarget nb201(Nb201Arch arch) {
    return new ExportTarget("nb201", Integer.toString(Nb201Index.indexOf(arch)),
        () -> Nb201Network.build(arch, Nb201Dataset.CIFAR10));
  }
}
