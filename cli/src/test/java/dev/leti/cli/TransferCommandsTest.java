package dev.leti.cli;

import static dev.leti.cli.LetiCommandTest.leti;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The transfer and help-protocol command lines reject bad options before any work starts. */
class TransferCommandsTest {

  @Test
  void predictionsNeedASourceAndATarget() {
    LetiCommandTest.Run r = leti("transfer", "--out", "x.csv", "--source", "h200-fp32");
    assertThat(r.exit()).isEqualTo(Leti.EXIT_FAILURE);
    assertThat(r.err()).contains("--out needs --source and --target");
    assertThat(leti("transfer", "--shots", "-1").err()).contains("--shots must be at least 0, got -1");
  }

  @Test
  void helpProtocolNamesAMissingTableAndBadCounts() {
    LetiCommandTest.Run r = leti("bench", "help-protocol", "--data", "/nonexistent/nb201");
    assertThat(r.exit()).isEqualTo(Leti.EXIT_FAILURE);
    assertThat(r.err()).contains("latency table /nonexistent/nb201/latency.csv.gz not found; give --data DIR");
    assertThat(leti("bench", "help-protocol", "--shots", "2").err())
        .contains("--shots must be at least 3 and --seeds at least 1, got 2 and 5");
  }
}
