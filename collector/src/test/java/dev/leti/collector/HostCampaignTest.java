package dev.leti.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.collector.campaign.CampaignPlan;
import dev.leti.collector.campaign.CampaignRunner;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host device end to end through the collector's code path: real export, real TFLite runtime, real Parquet. */
class HostCampaignTest {
  @TempDir Path dir;

  static Collector.Request request(Path dir, CampaignPlan plan) {
    return new Collector.Request(DeviceSelection.parse("host"), plan, new Lake(dir.resolve("lake").toString()),
        dir.resolve("models"), null, Duration.ZERO, dir.resolve("collect.jsonl"), 1, null);
  }

  /**
   * Puts bytes that are not a model where the export cache keeps the arch's model, so the runner cannot load it;
   * returns that file.
   */
  private Path cacheUnloadableModel(ArchRef arch) throws Exception {
    Path bad = new dev.leti.features.export.ExportCache(dir.resolve("models"))
        .file(arch.space(), arch.id(), dev.leti.features.export.ExportOptions.DEFAULT);
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "not a flatbuffer");
    return bad;
  }

  static CampaignPlan plan(int cells, int referenceEvery) {
    List<ArchRef> archs = WorkList.sample("nb201", cells, 7);
    return new CampaignPlan(null, archs, 2, 4, null, archs.get(0), referenceEvery, Duration.ofMinutes(2));
  }

  @Test
  void aCampaignCommitsEverySessionWithItsRunsAndARerunSkipsThemAll() throws Exception {
    CampaignPlan plan = plan(3, 2);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    CampaignRunner.Result first = Collector.collect(request(dir, plan), new PrintStream(progress, true), false);
    assertThat(first.complete()).isTrue();
    assertThat(first.written()).as("3 archs + 2 reference sessions").isEqualTo(5);
    assertThat(first.runs()).isEqualTo(5 * 6);
    assertThat(progress.toString()).contains("host-tflite-cpu-1t").contains("5/5");

    LakeContents lake = new LakeContents(new Lake(dir.resolve("lake").toString()));
    assertThat(lake.devices).hasSize(1);
    assertThat(lake.devices.get(0)).containsEntry(Columns.DEVICE_ID, "host-tflite-cpu-1t").containsEntry("kind", "host");
    assertThat(lake.sessions).hasSize(5).allSatisfy(s -> assertThat(s).containsEntry(Columns.STATUS, "ok")
        .containsEntry(Columns.BACKEND, "cpu").containsKey(Columns.INIT_MS));
    Map<Object, Long> runsPerSession = lake.runs.stream().collect(Collectors.groupingBy(r -> r.get(Columns.SESSION_ID),
        Collectors.counting()));
    assertThat(runsPerSession).hasSize(5).allSatisfy((s, n) -> assertThat(n).isEqualTo(6));
    assertThat(lake.runs).allSatisfy(r -> assertThat(r).containsEntry(Columns.ARCH_SPACE, "nb201")
        .containsEntry(Columns.RUNNER_VERSION, "leti-runner/1").containsKey(Columns.LATENCY_MS)
        .doesNotContainKey(Columns.PARSE_ERROR));
    assertThat(lake.runs.stream().filter(r -> r.get(Columns.WARMUP).equals("true")).count()).isEqualTo(5 * 2);
    assertThat(Files.readAllLines(dir.resolve("collect.jsonl"))).anyMatch(l -> l.contains("\"session_committed\""));

    CampaignRunner.Result again = Collector.collect(request(dir, plan), new PrintStream(progress, true), false);
    assertThat(again.written()).isZero();
    assertThat(again.skipped()).isEqualTo(5);
    assertThat(new LakeContents(new Lake(dir.resolve("lake").toString())).runs).hasSize(30);
  }

  @Test
  void aFailedSessionAmongOthersLeavesTheNextOnesMeasuredWithTheirPrefetchedModels() throws Exception {
    CampaignPlan plan = plan(4, 0);
    ArchRef broken = plan.archs().get(1);
    cacheUnloadableModel(broken);
    CampaignRunner.Result r = Collector.collect(request(dir, plan), new PrintStream(new ByteArrayOutputStream()), false);
    assertThat(r.complete()).isTrue();
    assertThat(r.written()).isEqualTo(4);
    assertThat(r.failed()).isEqualTo(1);
    LakeContents lake = new LakeContents(new Lake(dir.resolve("lake").toString()));
    assertThat(lake.sessions).hasSize(4).filteredOn(s -> s.get(Columns.STATUS).equals("ok")).hasSize(3)
        .noneMatch(s -> s.get(Columns.ARCH_ID).equals(broken.id()));
    assertThat(lake.runs).hasSize(3 * 6);
  }

  @Test
  void aSessionTheRuntimeRejectsIsCommittedAsFailedWithItsReasonAndNoRuns() throws Exception {
    // an NB-201 export cached under a name whose bytes are not a model: the runner cannot load it
    CampaignPlan plan = plan(1, 0);
    Path bad = cacheUnloadableModel(plan.archs().get(0));
    CampaignRunner.Result r = Collector.collect(request(dir, plan), new PrintStream(new ByteArrayOutputStream()), false);
    assertThat(r.failed()).isEqualTo(1);
    LakeContents lake = new LakeContents(new Lake(dir.resolve("lake").toString()));
    assertThat(lake.runs).isEmpty();
    assertThat(lake.sessions).singleElement().satisfies(s -> {
      assertThat(s).containsEntry(Columns.STATUS, "failed");
      assertThat((String) s.get(Columns.FAILURE)).contains("runner");
    });

    // once fixed, the next run measures it as attempt 1
    Files.delete(bad);
    CampaignRunner.Result fixed = Collector.collect(request(dir, plan), new PrintStream(new ByteArrayOutputStream()), false);
    assertThat(fixed.failed()).isZero();
    assertThat(new LakeContents(new Lake(dir.resolve("lake").toString())).runs)
        .allSatisfy(run -> assertThat((String) run.get(Columns.SESSION_ID)).endsWith("-m-a1")).hasSize(6);
  }
}
