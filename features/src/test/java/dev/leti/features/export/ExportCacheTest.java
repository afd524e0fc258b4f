package dev.leti.features.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.features.nb101.Nb101Network;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCacheTest {
  @TempDir Path dir;

  @Test
  void exportsOnceThenReusesTheFileNamedByHash() throws Exception {
    ExportCache cache = new ExportCache(dir.resolve("models"));
    ExportCache.Entry first = cache.get(ExportTarget.nb101(TfliteExporterTest.INCEPTION), ExportOptions.DEFAULT);
    assertThat(first.cached()).isFalse();
    assertThat(first.file().getFileName().toString())
        .isEqualTo("nb101-" + TfliteExporterTest.INCEPTION.hash() + "-fp32-s1-f1.tflite");
    assertThat(Files.readAllBytes(first.file()))
        .isEqualTo(TfliteExporter.toBytes(Nb101Network.build(TfliteExporterTest.INCEPTION), ExportOptions.DEFAULT));
    assertThat(first.bytes()).isEqualTo(Files.size(first.file()));

    ExportCache.Entry again = cache.get(ExportTarget.nb101(TfliteExporterTest.INCEPTION), ExportOptions.DEFAULT);
    assertThat(again).isEqualTo(new ExportCache.Entry(first.file(), first.bytes(), true));
    assertThat(Files.list(first.file().getParent())).as("no partial files left").hasSize(1);
  }

  @Test
  void aCheckpointIsPassedBeforeEveryLayerAndFileChunkAndChangesNoByte() throws Exception {
    ExportCache cache = new ExportCache(dir.resolve("models"));
    AtomicInteger checkpoints = new AtomicInteger();
    ExportCache.Entry e = cache.get(ExportTarget.nb101(TfliteExporterTest.INCEPTION), ExportOptions.DEFAULT,
        checkpoints::incrementAndGet);
    int layers = Nb101Network.build(TfliteExporterTest.INCEPTION).layers().size();
    long chunks = (e.bytes() + TfliteExporter.WRITE_CHUNK - 1) / TfliteExporter.WRITE_CHUNK;
    assertThat(chunks).as("the full-width model spans several chunks").isGreaterThan(1);
    assertThat(checkpoints).hasValue(layers + (int) chunks);
    assertThat(Files.readAllBytes(e.file()))
        .isEqualTo(TfliteExporter.toBytes(Nb101Network.build(TfliteExporterTest.INCEPTION), ExportOptions.DEFAULT));
  }

  @Test
  void precisionAndSeedAreDifferentFilesAndAFileThatExistsIsNotBuiltAgain() throws Exception {
    ExportCache cache = new ExportCache(dir);
    ExportOptions fp16 = new ExportOptions(7, WeightPrecision.FP16);
    ExportCache.Entry a = cache.get(ExportTarget.nb201(Nb201Index.arch(3)), fp16);
    assertThat(a.file().getFileName().toString()).isEqualTo("nb201-3-fp16-s7-f1.tflite");
    AtomicInteger builds = new AtomicInteger();
    ExportCache.Entry b = cache.get("nb201", "3", fp16, () -> {
      builds.incrementAndGet();
      return Nb201Network.build(Nb201Index.arch(3), 10);
    });
    assertThat(b.cached()).isTrue();
    assertThat(builds).hasValue(0);
    assertThat(cache.file("nb201", "3", ExportOptions.DEFAULT)).isNotEqualTo(a.file());
  }

  @Test
  void rejectsIdsThatAreNotFileNameSafe() {
    assertThatThrownBy(() -> new ExportCache(dir).file("nb101", "../x", ExportOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../x'");
  }
}
