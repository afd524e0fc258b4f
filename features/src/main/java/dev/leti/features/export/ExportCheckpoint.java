package dev.leti.features.export;

/**
 * A point between the steps of an export (a layer, a chunk of the file), where the exporting thread may be held:
 * the collector holds a background export there while measured runs compute on the same CPU. Steps are short (a
 * layer's weights, at most {@link TfliteExporter#WRITE_CHUNK} bytes written), so a hold takes effect quickly.
 */
@FunctionalInterface
public interface ExportCheckpoint {
  /** Never holds. */
  ExportCheckpoint NONE = () -> { };

  /** Returns when the export may go on. */
  void reached();
}
