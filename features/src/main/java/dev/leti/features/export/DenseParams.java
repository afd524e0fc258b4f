package dev.leti.features.export;

/** A fully connected layer: weights [units][in] (TFLite's layout) and bias [units]. */
public record DenseParams(int units, int inFeatures, float[] weights, float[] bias) {}
