package dev.leti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leti.cli.table.TableWriter;
import dev.leti.features.FeatureSchema;
import dev.leti.features.nb101.InvalidCellException;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101CellJson;
import dev.leti.features.nb101.Nb101Features;
import dev.leti.features.nb201.InvalidArchException;
import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.table.SpaceRows;
import dev.leti.features.table.TableRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leti features ...}: describe single architectures, enumerate whole spaces. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Architecture features of the NAS-Bench-101 and NAS-Bench-201 spaces.",
    subcommands = {FeaturesCommand.Describe.class, FeaturesCommand.Enumerate.class, FeaturesCommand.Columns.class})
final class FeaturesCommand {

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = {
          "Prints one JSON line per architecture: its id, 'valid', and every feature.",
          "An invalid one gets 'valid':false with 'error' and 'reason' instead; the others go on."})
  static final class Describe implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;

    @Mixin ArchitectureOptions archs;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (archs.space == Space.nb101) {
        List<JsonNode> inputs = archs.nb101Cells();
        for (int i = 0; i < inputs.size(); i++) {
          out.println(describeNb101(i, inputs.get(i)));
        }
      } else {
        archs.requireNb201();
        int position = 0;
        for (String arch : archs.archs) {
          out.println(describeNb201(position++, arch, null));
        }
        for (int index : archs.indices) {
          out.println(describeNb201(position++, null, index));
        }
      }
      out.flush();
      return 0;
    }

    private static String describeNb101(int position, JsonNode input) {
      ObjectNode line = JSON.createObjectNode().put("input", position);
      try {
        Nb101Cell cell = Nb101CellJson.parse(input);
        line.put("valid", true).put("hash", cell.hash());
        line.set("matrix", JSON.valueToTree(cell.matrix()));
        line.set("ops", JSON.valueToTree(cell.ops()));
        putFeatures(line, Nb101Features.SCHEMA, Nb101Features.compute(cell));
      } catch (InvalidCellException e) {
        line.put("valid", false).put("reason", e.code()).put("error", e.getMessage());
      }
      return line.toString();
    }

    private static String describeNb201(int position, String archText, Integer index) {
      ObjectNode line = JSON.createObjectNode().put("input", position);
      try {
        Nb201Arch arch = archText != null ? Nb201Arch.parse(archText) : Nb201Index.arch(index);
        line.put("valid", true).put("index", Nb201Index.indexOf(arch)).put("arch", arch.toString());
        putFeatures(line, Nb201Features.SCHEMA, Nb201Features.compute(arch));
      } catch (InvalidArchException e) {
        line.put("valid", false).put("reason", e.code()).put("error", e.getMessage());
      } catch (IllegalArgumentException e) {
        line.put("valid", false).put("reason", "bad_index").put("error", e.getMessage());
      }
      return line.toString();
    }

    private static void putFeatures(ObjectNode line, FeatureSchema schema, long[] values) {
      for (int i = 0; i < values.length; i++) {
        line.put(schema.columns().get(i).name(), values[i]);
      }
    }
  }

  @Command(
      name = "columns",
      mixinStandardHelpOptions = true,
      description = "Lists the feature columns of a space with what each one means.")
  static final class Columns implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--space", required = true, description = "nb101 or nb201")
    Space space;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      FeatureSchema schema = space == Space.nb101 ? Nb101Features.SCHEMA : Nb201Features.SCHEMA;
      for (var column : schema.columns()) {
        out.printf("%-20s %s%n", column.name(), column.description());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "enumerate",
      mixinStandardHelpOptions = true,
      description = {
          "Writes every architecture of a space with its features as one table, <out>/<space>_features.<format>.",
          "Rows are in the official order (NB-101 enumeration order, NB-201 index). Last line: cells=<n> seconds=<s>."})
  static final class Enumerate implements Callable<Integer> {
    /** Rows are computed in parallel a block at a time and written in order. */
    private static final int BLOCK = 16_384;

    @Spec CommandSpec spec;

    @Option(names = "--space", required = true, description = "nb101 or nb201")
    Space space;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "output directory: a local path or a Hadoop URI (file:, hdfs:, s3a:)")
    String out;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet (default) or csv")
    String format;

    @Override
    public Integer call() throws IOException {
      String fmt = format.toLowerCase(Locale.ROOT);
      if (!fmt.equals("parquet") && !fmt.equals("csv")) {
        throw new UserException("--format must be parquet or csv, got '" + format + "'");
      }
      long start = System.nanoTime();
      SpaceRows rows = SpaceRows.of(space.name());
      try (TableWriter writer = TableWriter.open(fmt, rows.layout(), out, space + "_features")) {
        // the next block is computed (in parallel) while this one is written
        CompletableFuture<TableRow[]> next = computeBlock(rows, 0);
        for (int from = 0; from < rows.size(); from += BLOCK) {
          TableRow[] block = next.join();
          next = computeBlock(rows, from + BLOCK);
          for (TableRow row : block) {
            writer.write(row);
          }
        }
        writer.commit();
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + writer.target());
        o.printf(Locale.ROOT, "cells=%d seconds=%.2f%n", rows.size(), (System.nanoTime() - start) / 1e9);
        o.flush();
      }
      return 0;
    }

    private static CompletableFuture<TableRow[]> computeBlock(SpaceRows rows, int from) {
      int to = Math.min(rows.size(), from + BLOCK);
      return CompletableFuture.supplyAsync(
          () -> IntStream.range(from, to).parallel().mapToObj(rows::row).toArray(TableRow[]::new));
    }
  }
}
