package dev.leti.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.features.export.ExportOptions;
import dev.leti.features.export.TfliteExporter;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Network;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerOverheadBenchmarkTest {
  @TempDir Path dir;

  @Test
  void comparesTheLoopsWallTimeWithTheLatenciesItReported() throws Exception {
    Path model = dir.resolve("nb201.tflite");
    TfliteExporter.write(Nb201Network.build(Nb201Index.arch(1), 10), ExportOptions.DEFAULT, model);
    RunnerOverheadBenchmark.Result r = RunnerOverheadBenchmark.run(model, 1, 5, 1);
    assertThat(r.runs()).isEqualTo(6);
    assertThat(r.latencySumNs()).isPositive();
    assertThat(r.wallNs()).isGreaterThanOrEqualTo(r.latencySumNs());
    assertThat(r.sessionNs()).as("the session includes init and the first inference").isGreaterThan(r.wallNs());
    assertThat(r.overhead()).isBetween(0.0, 1.0);
  }
}
