package dev.leti.features.table;

/** One row of a feature table: its position, its key columns (text) and its features. */
public record TableRow(long index, String[] keys, long[] features) {}
