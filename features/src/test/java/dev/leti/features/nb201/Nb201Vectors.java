package dev.leti.features.nb201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared NAS-Bench-201 test vectors ({@code datasets/nb201-public/vectors.json}), read once. */
final class Nb201Vectors {
  private static JsonNode root;

  private Nb201Vectors() {}

  static Path sharedDir() {
    return Path.of(System.getProperty("leti.shared.dir", "../../shared"));
  }

  static synchronized JsonNode root() {
    if (root == null) {
      Path file = sharedDir().resolve("datasets/nb201-public/vectors.json");
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("test vectors not found at " + file.toAbsolutePath()
            + "; set -Dleti.shared.dir to the shared folder");
      }
      try {
        root = new ObjectMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return root;
  }
}
