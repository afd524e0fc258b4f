package dev.leti.jobs.transfer;

import dev.leti.features.nb201.Nb201Index;
import dev.leti.jobs.io.CsvLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A public NAS-Bench-201 latency table ({@code source, device, arch_index, latency_ms}, plain or .gz) read into
 * memory for one table source: per device, the latency of every official index (NaN where the table has none).
 * Plain Java: a benchmark over 15,625 archs × a few dozen devices needs no cluster.
 */
public final class PublicLatencyTable {
  private static final List<String> HEADER = List.of("source", "device", "arch_index", "latency_ms");

  private PublicLatencyTable() {}

  public static Map<String, double[]> read(Path file, String tableSource) throws IOException {
    Map<String, double[]> byDevice = new TreeMap<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (header == null || !CsvLine.split(header).equals(HEADER)) {
        throw new IllegalArgumentException(file + ": expected the header " + String.join(",", HEADER) + ", got "
            + header);
      }
      int lineNo = 1;
      for (String line; (line = reader.readLine()) != null; ) {
        lineNo++;
        List<String> f = CsvLine.split(line);
        if (f.size() != HEADER.size()) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": expected 4 fields, got '" + line + "'");
        }
        if (!f.get(0).equals(tableSource)) {
          continue;
        }
        int index;
        double ms;
        try {
          index = Integer.parseInt(f.get(2));
          ms = Double.parseDouble(f.get(3));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": not an index and a latency: '" + line + "'");
        }
        if (index < 0 || index >= Nb201Index.size() || !(ms > 0) || Double.isInfinite(ms)) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": arch index must be in 0.."
              + (Nb201Index.size() - 1) + " and latency a positive number of ms: '" + line + "'");
        }
        double[] values = byDevice.computeIfAbsent(f.get(1), d -> nanArray());
        if (!Double.isNaN(values[index])) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": second latency for device " + f.get(1)
              + " and arch " + index);
        }
        values[index] = ms;
      }
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("latency table not found: " + file);
    }
    if (byDevice.isEmpty()) {
      throw new IllegalArgumentException(file + ": no rows of table source '" + tableSource + "'");
    }
    return byDevice;
  }

  private static double[] nanArray() {
    double[] v = new double[Nb201Index.size()];
    java.util.Arrays.fill(v, Double.NaN);
    return v;
  }
}
