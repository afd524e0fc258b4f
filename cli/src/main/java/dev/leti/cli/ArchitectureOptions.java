package dev.leti.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The architectures a command works on: NB-101 cells as JSON (--cell, --cells-file) or NB-201 archs (--arch, --index). */
final class ArchitectureOptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--space", required = true, description = "nb101 or nb201")
  Space space;

  @Option(names = "--cell", description = "nb101: a cell as JSON, {\"matrix\":[[..]],\"ops\":[..]} (repeatable)")
  List<String> cells = new ArrayList<>();

  @Option(names = "--cells-file", paramLabel = "F.json", description = "nb101: a JSON array of cells")
  Path cellsFile;

  @Option(names = "--arch", description = "nb201: an arch string, |op~0|+|op~0|op~1|+|...| (repeatable)")
  List<String> archs = new ArrayList<>();

  @Option(names = "--index", description = "nb201: an official index 0..15624 (repeatable)")
  List<Integer> indices = new ArrayList<>();

  /** The NB-101 cells as JSON, --cell ones first, then the file's; not yet checked as cells. */
  List<JsonNode> nb101Cells() throws IOException {
    if (!archs.isEmpty() || !indices.isEmpty()) {
      throw new UserException("--arch and --index are for --space nb201; nb101 takes --cell or --cells-file");
    }
    List<JsonNode> inputs = new ArrayList<>();
    for (String cell : cells) {
      inputs.add(json(cell, "--cell"));
    }
    if (cellsFile != null) {
      if (!Files.isReadable(cellsFile)) {
        throw new UserException("cannot read --cells-file " + cellsFile);
      }
      JsonNode all = json(Files.readString(cellsFile), cellsFile.toString());
      if (!all.isArray()) {
        throw new UserException(cellsFile + ": expected a JSON array of cells");
      }
      all.forEach(inputs::add);
    }
    if (inputs.isEmpty()) {
      throw new UserException("give at least one --cell or a --cells-file");
    }
    return inputs;
  }

  /** Checks that NB-201 inputs, and only those, were given. */
  void requireNb201() {
    if (!cells.isEmpty() || cellsFile != null) {
      throw new UserException("--cell and --cells-file are for --space nb101; nb201 takes --arch or --index");
    }
    if (archs.isEmpty() && indices.isEmpty()) {
      throw new UserException("give at least one --arch or --index");
    }
  }

  private static JsonNode json(String text, String source) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UserException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
