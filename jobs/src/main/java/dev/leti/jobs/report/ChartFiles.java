package dev.leti.jobs.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes charts as PNG files into the report's folder. File names are made from a running number and a slug of
 * the chart's subject (device ids may hold any character; only {@code [a-z0-9-]} reach a file name), so they are
 * unique and safe in a path and in HTML.
 */
final class ChartFiles {
  static {
    // no display on servers: AWT must render off-screen
    System.setProperty("java.awt.headless", "true");
  }

  private final Path dir;
  private final List<Path> written = new ArrayList<>();

  /** Charts of an earlier report in {@code dir} are deleted: a page must not sit beside charts it does not show. */
  ChartFiles(Path dir) throws IOException {
    this.dir = dir;
    if (Files.isDirectory(dir)) {
      try (var old = Files.newDirectoryStream(dir, "[0-9][0-9][0-9]-*.png")) {
        for (Path file : old) {
          Files.delete(file);
        }
      }
    }
  }

  /** Saves {@code chart} and returns its file name (relative to the report folder). */
  String save(Chart<?, ?> chart, String kind, String... subject) throws IOException {
    String name = String.format(Locale.ROOT, "%03d-%s", written.size() + 1, slug(kind + "-" + String.join("-", subject)))
        + ".png";
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    written.add(file);
    return name;
  }

  List<Path> written() {
    return List.copyOf(written);
  }

  static String slug(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.length() > 60 ? s.substring(0, 60) : s;
  }
}
