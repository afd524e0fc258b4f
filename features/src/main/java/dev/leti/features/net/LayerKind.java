package dev.leti.features.net;

/**
 * What a layer computes. Each kind maps to one kernel a mobile runtime launches (batch norm is folded into the
 * convolution before it; an activation marked fused runs inside the layer it follows).
 */
public enum LayerKind {
  INPUT,
  /** Convolution, stride and kernel in the layer; optional folded batch norm and fused ReLU after it. */
  CONV,
  /** A ReLU on its own (NAS-Bench-201 applies ReLU before each convolution). */
  RELU,
  MAX_POOL,
  /** Average pool; NAS-Bench-201's 3x3 pool excludes padding from the count. */
  AVG_POOL,
  /** Element-wise sum of exactly two inputs (runtimes add pairwise). */
  ADD,
  /** Channel concatenation of two or more inputs. */
  CONCAT,
  /** Keeps the first channels of its input (NAS-Bench-101 truncation). */
  SLICE,
  /** A tensor of zeros (NAS-Bench-201 node whose every incoming edge is 'none'). */
  ZERO,
  GLOBAL_AVG_POOL,
  /** Fully connected layer with bias. */
  DENSE,
  /** Batch norm on its own, not after a convolution (NAS-Bench-201's last BN); optional fused ReLU after it. */
  BATCH_NORM
}
