package dev.leti.features.nb101;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leti.features.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Nb101SpaceTest {
  private static List<Nb101Cell> cells;
  private static List<String> hashes;

  @BeforeAll
  static void enumerate() {
    cells = Nb101Space.enumerate();
    hashes = cells.parallelStream().map(Nb101Cell::hash).toList();
  }

  @Test
  void theSpaceHasTheOfficialNumberOfUniqueCellsAndLabelledGraphs() {
    assertThat(cells).hasSize(Nb101Space.SIZE).hasSize(423_624);
    assertThat(new HashSet<>(hashes)).as("hashes are unique").hasSize(423_624);
    assertThat(Nb101Space.countLabelledGraphs()).isEqualTo(1_293_208L).isEqualTo(Nb101Space.LABELLED_GRAPHS);
  }

  @Test
  void countsPerVertexAndEdgeCountMatchTheSpec() {
    Map<Integer, Long> byVertices = cells.stream()
        .collect(Collectors.groupingBy(Nb101Cell::vertices, TreeMap::new, Collectors.counting()));
    assertThat(byVertices).containsExactly(Map.entry(2, 1L), Map.entry(3, 6L), Map.entry(4, 84L),
        Map.entry(5, 2_441L), Map.entry(6, 62_010L), Map.entry(7, 359_082L));
    Map<Integer, Long> byEdges = cells.stream()
        .collect(Collectors.groupingBy(Nb101Cell::edges, TreeMap::new, Collectors.counting()));
    assertThat(byEdges.values()).containsExactly(1L, 3L, 12L, 60L, 339L, 2_134L, 13_984L, 78_822L, 328_269L);
  }

  @Test
  void smallestHashesAndParametersEqualThePublishedDump() {
    JsonNode pairs = SharedData.json("datasets/nasbench101/hash_params.json").get("pairs");
    List<String> sorted = new ArrayList<>(hashes);
    sorted.sort(null);
    List<String> published = new ArrayList<>();
    pairs.fieldNames().forEachRemaining(published::add);
    assertThat(sorted.subList(0, 20_001)).isEqualTo(published.subList(0, 20_001));
    assertThat(sorted.subList(36_202, 46_202)).isEqualTo(published.subList(20_001, 30_001));
    assertThat(sorted.get(0)).isEqualTo("00005c142e6f48ac74fdcf73e3439874");
    assertThat(sorted.get(sorted.size() - 1)).isEqualTo("ffff76fafa7b0cdf545fd7feee9c8bf9");

    Map<String, Nb101Cell> byHash = new HashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      byHash.put(hashes.get(i), cells.get(i));
    }
    int mismatches = 0;
    for (String h : published) {
      if (Nb101Network.build(byHash.get(h)).params() != pairs.get(h).asLong()) {
        mismatches++;
      }
    }
    assertThat(mismatches).as("params differing from the dump").isZero();
  }

  @Test
  void parameterRangeOverTheWholeSpace() {
    long[] params = cells.parallelStream().mapToLong(c -> Nb101Network.build(c).params()).toArray();
    assertThat(java.util.Arrays.stream(params).min().getAsLong()).isEqualTo(227_274);
    assertThat(java.util.Arrays.stream(params).max().getAsLong()).isEqualTo(49_979_274);
    assertThat(java.util.Arrays.stream(params).distinct().count()).isEqualTo(3_336);
  }

  @Test
  void deduplicatingByHashTheOfficialWayGivesTheSameCellsInTheSameOrder() {
    // The official generate_graphs.py hashes every labelled graph and keeps first occurrences. Done here for
    // up to 6 vertices (125,145 labelled graphs) it must give exactly the canonical-form enumeration's prefix.
    Nb101Hash hasher = Nb101Hash.newInstance();
    Map<String, Nb101Cell> firstSeen = new LinkedHashMap<>();
    for (int v = 2; v <= 6; v++) {
      for (int bits = 0; bits < 1 << UpperTriangle.bitCount(v); bits++) {
        if (Integer.bitCount(bits) > Nb101Cell.MAX_EDGES || !UpperTriangle.isFullDag(bits, v)) {
          continue;
        }
        int vertices = v;
        int mask = bits;
        Nb101Space.forEachLabelling(v - 2, labels ->
            firstSeen.putIfAbsent(hasher.hash(vertices, mask, labels), new Nb101Cell(vertices, mask, labels.clone())));
      }
    }
    assertThat(firstSeen).hasSize(64_542);
    assertThat(new ArrayList<>(firstSeen.values())).isEqualTo(cells.subList(0, 64_542));
    assertThat(new ArrayList<>(firstSeen.keySet())).isEqualTo(hashes.subList(0, 64_542));
  }

  @Test
  void aSeededSampleIsUniformDistinctAndReproducible() {
    List<Nb101Cell> a = Nb101Space.sample(500, 42);
    assertThat(a).hasSize(500).doesNotHaveDuplicates();
    assertThat(Nb101Space.sample(500, 42)).isEqualTo(a);
    assertThat(Nb101Space.sample(500, 43)).isNotEqualTo(a);
    Set<Integer> vertexCounts = new HashSet<>();
    a.forEach(c -> vertexCounts.add(c.vertices()));
    // 85 % of the space has 7 vertices: a uniform sample of 500 has about 424 of them
    long sevens = a.stream().filter(c -> c.vertices() == 7).count();
    assertThat(sevens).isBetween(390L, 455L);
    assertThatThrownBy(() -> Nb101Space.sample(423_625, 1)).hasMessageContaining("0..423624, got 423625");
  }
}
