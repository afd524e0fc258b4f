package dev.leti.features.export;

import dev.leti.features.net.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Exported models in a directory, one file per (space, architecture id, precision, seed): an export that exists
 * is reused instead of written again. Exports are deterministic, so a file's name says all about its bytes; the
 * name also carries {@link #FORMAT}, so files of an older exporter are never mistaken for current ones. Files
 * appear atomically (written aside, then moved), so a reader never sees half a model.
 */
public final class ExportCache {
  /** Bump when the exporter writes different bytes for the same inputs. */
  public static final int FORMAT = 1;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");

  private final Path dir;

  public ExportCache(Path dir) {
    this.dir = dir;
  }

  /** One model: where it is, its size, and whether it was already there. */
  public record Entry(Path file, long bytes, boolean cached) {}

  /** The target's file, exported unless it exists. */
  public Entry get(ExportTarget target, ExportOptions options) throws IOException {
    return get(target, options, ExportCheckpoint.NONE);
  }

  /** The target's file, exported unless it exists, passing {@code checkpoint} between the export's steps. */
  public Entry get(ExportTarget target, ExportOptions options, ExportCheckpoint checkpoint) throws IOException {
    return get(target.space(), target.id(), options, target.network(), checkpoint);
  }

  /** The file for {@code id} in {@code space}, exported from {@code network} unless it exists. */
  public Entry get(String space, String id, ExportOptions options, Supplier<Network> network) throws IOException {
    return get(space, id, options, network, ExportCheckpoint.NONE);
  }

  private Entry get(String space, String id, ExportOptions options, Supplier<Network> network,
      ExportCheckpoint checkpoint) throws IOException {
    Path file = file(space, id, options);
    if (Files.isRegularFile(file)) {
      return new Entry(file, Files.size(file), true);
    }
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
    try {
      long bytes = TfliteExporter.write(network.get(), options, partial, checkpoint);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Entry(file, bytes, false);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** {@code <space>-<id>-<precision>-s<seed>-f<FORMAT>.tflite} in the cache directory. */
  public Path file(String space, String id, ExportOptions options) {
    if (!ID.matcher(space).matches() || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("space and id must be [A-Za-z0-9_.-]+, got '" + space + "', '" + id + "'");
    }
    return dir.resolve(space + "-" + id + "-" + options.precision().label() + "-s" + options.seed() + "-f" + FORMAT
        + ".tflite");
  }
}
