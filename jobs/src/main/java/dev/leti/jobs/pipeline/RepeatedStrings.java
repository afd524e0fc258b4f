package dev.leti.jobs.pipeline;

import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One string column read row after row: a value equal to the previous row's is that same object, so a reader
 * compares by reference (a session's runs repeat their session, device and arch ids row after row). From column
 * batches ({@link ColumnarRows}) an unchanged dictionary id tells it without the bytes; otherwise the bytes are
 * compared. A new value is copied: the input reuses its buffers.
 */
final class RepeatedStrings {
  private final int field;
  private final ColumnarRows columnar;
  private UTF8String last;
  private int lastCode;
  /** The batch {@link #lastCode} belongs to; -1 when there is none (dictionary ids compare within a batch only). */
  private long lastBatch = -1;

  RepeatedStrings(Iterator<InternalRow> input, int field) {
    this.field = field;
    this.columnar = input instanceof ColumnarRows c ? c : null;
  }

  /** The row's value (null when null). */
  UTF8String read(InternalRow row) {
    if (ColumnarRows.isNullAt(columnar, row, field)) {
      return null;
    }
    int code = columnar == null ? -1 : columnar.dictionaryId(field);
    if (last != null && code >= 0 && code == lastCode && columnar.batchNumber() == lastBatch) {
      return last;
    }
    lastCode = code;
    lastBatch = code >= 0 ? columnar.batchNumber() : -1;
    UTF8String value = row.getUTF8String(field);
    if (last != null && last.equals(value)) {
      return last;
    }
    return last = value.clone();
  }
}
