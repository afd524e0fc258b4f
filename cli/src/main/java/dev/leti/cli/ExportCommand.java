package dev.leti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leti.features.export.ExportCache;
import dev.leti.features.export.ExportOptions;
import dev.leti.features.export.ExportTarget;
import dev.leti.features.export.TfliteExporter;
import dev.leti.features.export.WeightPrecision;
import dev.leti.features.nb101.InvalidCellException;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101CellJson;
import dev.leti.features.nb201.InvalidArchException;
import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Index;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti export}: architectures as .tflite models a phone (or {@code leti run-local}) can run. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
        "Writes each architecture's network as a TFLite model: input 1x32x32x3 float32, output [1,10], seeded weights.",
        "One JSON line per architecture: input position, space, id (NB-101 hash or NB-201 index), file, bytes, cached.",
        "--out-dir names files <space>-<id>-<precision>-s<seed>-f<format>.tflite and reuses those that exist.",
        "An invalid architecture gets 'valid':false with 'error'; the others go on, and the exit code is 1."})
final class ExportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin ArchitectureOptions architectures;

  @Option(names = "--out", paramLabel = "F.tflite", description = "the model file, for exactly one architecture")
  Path out;

  @Option(names = "--out-dir", paramLabel = "DIR", description = "a directory of models named by architecture (cache)")
  Path outDir;

  @Option(names = "--seed", defaultValue = "" + ExportOptions.DEFAULT_SEED,
      description = "seed of the weights (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--precision", defaultValue = "fp32", description = "weights as fp32 (default) or fp16")
  String precision;

  /** One architecture to export, or why it cannot be (target null). */
  private record Target(ExportTarget target, String error, String reason) {
    static Target invalid(String error, String reason) {
      return new Target(null, error, reason);
    }
  }

  @Override
  public Integer call() throws IOException {
    ExportOptions options = new ExportOptions(seed, WeightPrecision.parse(precision));
    if ((out == null) == (outDir == null)) {
      throw new UserException("give either --out F.tflite or --out-dir DIR");
    }
    List<Target> targets = architectures.space == Space.nb101 ? nb101Targets() : nb201Targets();
    if (out != null && targets.size() != 1) {
      throw new UserException("--out takes exactly one architecture, got " + targets.size() + "; use --out-dir");
    }
    PrintWriter o = spec.commandLine().getOut();
    ExportCache cache = outDir == null ? null : new ExportCache(outDir);
    boolean allValid = true;
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      ObjectNode line = JSON.createObjectNode().put("input", i).put("space", architectures.space.name());
      if (t.target() == null) {
        allValid = false;
        line.put("valid", false).put("reason", t.reason()).put("error", t.error());
      } else {
        ExportCache.Entry entry = cache != null ? cache.get(t.target(), options)
            : new ExportCache.Entry(out, TfliteExporter.write(t.target().network().get(), options, out), false);
        line.put("valid", true).put("id", t.target().id()).put("file", entry.file().toString()).put("bytes", entry.bytes())
            .put("cached", entry.cached());
      }
      o.println(line);
      o.flush();
    }
    return allValid ? 0 : Leti.EXIT_FAILURE;
  }

  private List<Target> nb101Targets() throws IOException {
    List<Target> targets = new ArrayList<>();
    for (JsonNode input : architectures.nb101Cells()) {
      try {
        Nb101Cell cell = Nb101CellJson.parse(input);
        targets.add(new Target(ExportTarget.nb101(cell), null, null));
      } catch (InvalidCellException e) {
        targets.add(Target.invalid(e.getMessage(), e.code()));
      }
    }
    return targets;
  }

  private List<Target> nb201Targets() {
    architectures.requireNb201();
    List<Target> targets = new ArrayList<>();
    for (String text : architectures.archs) {
      try {
        targets.add(new Target(ExportTarget.nb201(Nb201Arch.parse(text)), null, null));
      } catch (InvalidArchException e) {
        targets.add(Target.invalid(e.getMessage(), e.code()));
      }
    }
    for (int index : architectures.indices) {
      try {
        targets.add(new Target(ExportTarget.nb201(Nb201Index.arch(index)), null, null));
      } catch (IllegalArgumentException e) {
        targets.add(Target.invalid(e.getMessage(), "bad_index"));
      }
    }
    return targets;
  }
}
