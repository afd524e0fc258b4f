package dev.leti.features.export;

import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Network;
import dev.leti.features.nb101.Nb101Space;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Export speed: builds and exports a seeded sample of NAS-Bench-101 cells (official width) to flatbuffers in
 * memory. Drawing the sample (it enumerates the space) is not timed; building each network is, since an export
 * always starts from the cell.
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  /** Figures of one run. */
  public record Result(int models, double seconds, long bytes, long params) {
    public double modelsPerSecond() {
      return models / seconds;
    }

    public double megabytesPerSecond() {
      return bytes / 1e6 / seconds;
    }

    public double meanMegabytes() {
      return bytes / 1e6 / models;
    }
  }

  public static Result run(int cells, long sampleSeed, ExportOptions options) {
    List<Nb101Cell> sample = Nb101Space.sample(cells, sampleSeed);
    long bytes = 0;
    long params = 0;
    long start = System.nanoTime();
    for (Nb101Cell cell : sample) {
      var network = Nb101Network.build(cell);
      ByteBuffer model = TfliteExporter.export(network, options);
      bytes += model.remaining();
      params += network.params();
    }
    return new Result(cells, (System.nanoTime() - start) / 1e9, bytes, params);
  }
}
