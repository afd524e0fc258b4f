package dev.leti.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.features.export.ExportOptions;
import dev.leti.features.export.TfliteExporter;
import dev.leti.features.export.WeightPrecision;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Network;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfliteModelFileTest {
  @TempDir Path dir;

  @Test
  void countsTheOperatorsOfAnExportedModel() throws Exception {
    Network net = Nb201Network.build(Nb201Index.arch(0), 10, 32, 4);
    long layersWithAnOp = net.layers().stream()
        .filter(l -> l.kind() != LayerKind.INPUT && l.kind() != LayerKind.ZERO).count();
    Path file = dir.resolve("m.tflite");
    TfliteExporter.write(net, ExportOptions.DEFAULT, file);
    TfliteModelFile model = TfliteModelFile.read(file.toFile());
    assertThat(model.operators()).isEqualTo(layersWithAnOp);
    assertThat(model.bytes()).isEqualTo(Files.size(file));
    TfliteExporter.write(net, ExportOptions.DEFAULT.withPrecision(WeightPrecision.FP16), file);
    assertThat(TfliteModelFile.read(file.toFile()).operators()).as("plus one DEQUANTIZE per weight tensor")
        .isGreaterThan((int) layersWithAnOp);
  }

  @Test
  void rejectsFilesThatAreNotModels() throws Exception {
    Path text = dir.resolve("text.tflite");
    Files.writeString(text, "not a model at all");
    assertThatThrownBy(() -> TfliteModelFile.read(text.toFile())).isInstanceOf(IOException.class)
        .hasMessageContaining("no TFL3 file identifier");
    Path tiny = dir.resolve("tiny.tflite");
    Files.write(tiny, new byte[3]);
    assertThatThrownBy(() -> TfliteModelFile.read(tiny.toFile())).hasMessageContaining("3 bytes");
    Path model = dir.resolve("m.tflite");
    TfliteExporter.write(Nb201Network.build(Nb201Index.arch(0), 10, 32, 4), ExportOptions.DEFAULT, model);
    byte[] bytes = Files.readAllBytes(model);
    Path cut = dir.resolve("cut.tflite");
    Files.write(cut, Arrays.copyOf(bytes, 64));
    assertThatThrownBy(() -> TfliteModelFile.read(cut.toFile())).isInstanceOf(IOException.class)
        .hasMessageContaining("outside the file");
  }
}
