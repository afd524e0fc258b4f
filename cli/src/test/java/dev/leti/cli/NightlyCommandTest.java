package dev.leti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.cli.workflow.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly run's guarantees that need no trained model: the lock, and a failure's exit code, message and log. */
class NightlyCommandTest {
  @TempDir Path dir;

  private String[] nightly(String... extra) {
    String[] base = {"--set", "nightly.lock_file=" + dir.resolve("nightly.lock"),
        "--set", "nightly.log_dir=" + dir.resolve("logs"), "--set", "nightly.inbox=" + dir.resolve("inbox"),
        "nightly", "--lake", dir.resolve("lake").toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void aRunWhileAnotherHoldsTheLockStopsAtOnce() throws Exception {
    try (RunLock held = RunLock.acquire(dir.resolve("nightly.lock"), "nightly-earlier")) {
      LetiCommandTest.Run r = LetiCommandTest.leti(nightly("--run-id", "nightly-later"));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().strip()).startsWith("leti: nightly nightly-later not started: another run holds the lock")
          .contains("run nightly-earlier");
      assertThat(dir.resolve("lake")).doesNotExist();
    }
  }

  @Test
  void aFailingStepEndsTheRunWithExitOneItsNameAndTheWholeLog() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("inbox/2026-11-27"));
    Files.write(folder.resolve("runs.csv.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2}); // a truncated gzip
    LetiCommandTest.Run r = LetiCommandTest.leti(nightly("--run-id", "nightly-broken"));
    assertThat(r.exit()).isEqualTo(1);
    Path log = dir.resolve("logs/nightly-broken.log");
    assertThat(r.err().strip()).startsWith("leti: nightly nightly-broken failed at step import: ")
        .contains("runs.csv.gz").endsWith("(whole log: " + log + ")");
    assertThat(Files.readString(log)).contains("[import] FAILED", "\tat dev.leti.", "nightly nightly-broken FAILED");
    assertThat(LetiCommandTest.leti(nightly("--run-id", "bad id;rm")).err()).contains("--run-id may hold");
  }
}
