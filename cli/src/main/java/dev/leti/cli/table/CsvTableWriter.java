package dev.leti.cli.table;

import dev.leti.features.table.TableLayout;
import dev.leti.features.table.TableRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** CSV with a header line; a key containing a comma or quote is quoted (RFC 4180). */
final class CsvTableWriter extends TableWriter {
  private final Writer out;
  private boolean finished;

  CsvTableWriter(TableLayout layout, String directory, String fileName) throws IOException {
    super(layout, directory, fileName);
    out = new BufferedWriter(new OutputStreamWriter(fileSystem().create(temporaryPath(), true),
        StandardCharsets.UTF_8), 1 << 16);
    out.write(String.join(",", layout.columnNames()));
    out.write('\n');
  }

  @Override
  public void write(TableRow row) throws IOException {
    StringBuilder line = new StringBuilder(512);
    line.append(row.index());
    for (String key : row.keys()) {
      line.append(',').append(quote(key));
    }
    for (long f : row.features()) {
      line.append(',').append(f);
    }
    out.write(line.append('\n').toString());
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  @Override
  protected void finish() throws IOException {
    if (!finished) {
      finished = true;
      out.close();
    }
  }
}
