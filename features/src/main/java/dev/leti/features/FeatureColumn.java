package dev.leti.features;

/** One documented feature column; every feature is a whole number (counts, bits, bytes, MACs). */
public record FeatureColumn(String name, String description) {}
