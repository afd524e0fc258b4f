package dev.leti.features.net;

/** Why a layer is in the network; features count layers by role as well as by kind. */
public enum LayerRole {
  INPUT,
  STEM,
  /** The op of a cell vertex (or of a NAS-Bench-201 edge). */
  CELL_OP,
  /** NAS-Bench-101's 1x1 conv that brings the module input to a vertex's width. */
  PROJECTION,
  /** NAS-Bench-101 channel truncation. */
  TRUNCATION,
  /** Sums and concatenations that merge branches. */
  MERGE,
  /** Spatial reduction between stacks (NB-101 max pool, NB-201 residual block). */
  REDUCTION,
  HEAD
}
