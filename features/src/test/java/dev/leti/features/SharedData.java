package dev.leti.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The reference data in ../shared (Surefire passes its location as leti.shared.dir). */
public final class SharedData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SharedData() {}

  public static Path dir() {
    Path dir = Path.of(System.getProperty("leti.shared.dir", "../../shared"));
    if (!Files.isDirectory(dir.resolve("datasets"))) {
      throw new IllegalStateException("shared reference data not found at " + dir.toAbsolutePath()
          + "; set -Dleti.shared.dir");
    }
    return dir;
  }

  public static JsonNode json(String relativePath) {
    try {
      return JSON.readTree(dir().resolve(relativePath).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
