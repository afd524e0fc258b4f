package dev.leti.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a collector process (SIGKILL, no shutdown hook runs) at random moments, several times, and resumes: the
 * lake is readable after every kill, and the finished campaign has every session exactly once with all its runs.
 */
class CollectorCrashTest {
  static final int CELLS = 10;
  static final int REFERENCE_EVERY = 3;
  static final int SESSIONS = CELLS + 4;
  static final int RUNS_PER_SESSION = 2 + 4;

  @TempDir Path dir;

  private Process start() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true"));
    String djl = System.getProperty("DJL_CACHE_DIR");
    if (djl != null) {
      cmd.add("-DDJL_CACHE_DIR=" + djl);
    }
    cmd.addAll(List.of(CollectInChildProcess.class.getName(), dir.toString(), "" + CELLS, "" + REFERENCE_EVERY));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
  }

  @Test
  void killedAtRandomMomentsAndResumedNoRunIsLostOrDuplicated() throws Exception {
    Random random = new Random(20261127);
    Lake lake = new Lake(dir.resolve("lake").toString());
    int committedBefore = 0;
    Path commits = Path.of(lake.commits());
    for (int kill = 0; kill < 4; kill++) {
      Process p = start();
      // wait for this process's first commit, then kill at a random moment of what follows: inside a session,
      // while staging its Parquet files, between the renames and the commit file
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (count(commits) <= committedBefore && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      Thread.sleep(random.nextInt(120));
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      LakeContents seen = new LakeContents(lake);
      assertThat(seen.commits.size()).as("commits never disappear").isGreaterThanOrEqualTo(committedBefore);
      committedBefore = seen.commits.size();
      assertComplete(seen, false);
      assertThat(committedBefore).as("killed before the campaign ended (kill %d)", kill).isLessThan(SESSIONS + 1);
    }
    Process last = start();
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isZero();
    LakeContents done = new LakeContents(lake);
    assertComplete(done, true);
    assertThat(done.runs).hasSize(SESSIONS * RUNS_PER_SESSION);
  }

  private static long count(Path commits) throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(commits)) {
      return 0;
    }
    try (var files = java.nio.file.Files.list(commits)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")
          && !f.getFileName().toString().startsWith("_")).count();
    }
  }

  /** Every committed session has all its runs, once; when {@code finished}, every slot has one. */
  private static void assertComplete(LakeContents lake, boolean finished) {
    Map<Object, List<Map<String, Object>>> bySession = lake.runs.stream()
        .collect(Collectors.groupingBy(r -> r.get(Columns.SESSION_ID)));
    for (Map<String, Object> s : lake.sessions) {
      List<Map<String, Object>> runs = bySession.getOrDefault(s.get(Columns.SESSION_ID), List.of());
      assertThat(runs).as("runs of " + s.get(Columns.SESSION_ID)).hasSize(RUNS_PER_SESSION);
      Set<Object> indices = new HashSet<>();
      runs.forEach(r -> indices.add(r.get(Columns.RUN_INDEX)));
      assertThat(indices).as("no run index twice").hasSize(RUNS_PER_SESSION);
    }
    assertThat(bySession.keySet()).as("no runs without their session row")
        .isSubsetOf(lake.sessions.stream().map(s -> s.get(Columns.SESSION_ID)).collect(Collectors.toSet()));
    Set<String> slots = new HashSet<>();
    for (Map<String, Object> s : lake.sessions) {
      String id = (String) s.get(Columns.SESSION_ID);
      assertThat(slots.add(id.substring(0, id.lastIndexOf("-a")))).as("one session per slot: " + id).isTrue();
    }
    if (finished) {
      assertThat(slots).hasSize(SESSIONS);
    }
  }
}
