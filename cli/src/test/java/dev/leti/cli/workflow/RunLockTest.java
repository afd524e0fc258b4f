package dev.leti.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path dir;

  @Test
  void aSecondRunIsRefusedNamingTheHolderUntilTheFirstEnds() throws Exception {
    Path file = dir.resolve("locks/nightly.lock");
    try (RunLock first = RunLock.acquire(file, "nightly-a")) {
      assertThatThrownBy(() -> RunLock.acquire(file, "nightly-b"))
          .isInstanceOf(RunLock.LockedException.class)
          .hasMessageContaining("another run holds the lock " + file)
          .hasMessageContaining("run nightly-a, pid " + ProcessHandle.current().pid());
    }
    try (RunLock again = RunLock.acquire(file, "nightly-b")) {
      assertThat(file).exists();
    }
  }
}
