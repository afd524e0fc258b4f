package dev.leti.features.net;

import java.util.Arrays;

/**
 * One node of a network's layer graph.
 *
 * @param id position in {@link Network#layers()}; inputs always have smaller ids
 * @param stage the stack (NB-101) or stage (NB-201) the layer belongs to, -1 for stem and head
 * @param scope where the layer sits, e.g. {@code stack1/module2/}; {@link #name()} is scope + local name
 * @param localName the layer's name within its scope
 * @param inputs ids of the layers this one reads, in order (concat order matters)
 * @param kernel kernel size for convs and pools, 0 otherwise
 * @param stride stride for convs and pools, 0 otherwise
 * @param batchNorm a batch norm follows the conv (trainable scale and shift; folded at export)
 * @param relu a ReLU is fused after the layer
 * @param params trainable parameters, counted as the official code does (BN scale and shift included)
 * @param macs multiply-accumulates, counted for convs and dense layers only (bias adds count for dense)
 */
public record Layer(
    int id,
    LayerKind kind,
    LayerRole role,
    int stage,
    String scope,
    String localName,
    int[] inputs,
    Shape output,
    int kernel,
    int stride,
    boolean batchNorm,
    boolean relu,
    long params,
    long macs) {

  public Layer {
    inputs = inputs.clone();
  }

  @Override
  public int[] inputs() {
    return inputs.clone();
  }

  /** The full name; built on demand because featurising the whole space builds millions of layers. */
  public String name() {
    return scope + localName;
  }

  public int inputCount() {
    return inputs.length;
  }

  public int input(int i) {
    return inputs[i];
  }

  @Override
  public String toString() {
    return id + ":" + name() + " " + kind + (kernel > 0 ? " k" + kernel + "s" + stride : "")
        + " <- " + Arrays.toString(inputs) + " -> " + output;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Layer l && id == l.id && kind == l.kind && role == l.role && stage == l.stage && scope.equals(l.scope) && localName.equals(l.localName)
        && Arrays.equals(inputs, l.inputs) && output.equals(l.output) && kernel == l.kernel && stride == l.stride
        && batchNorm == l.batchNorm && relu == l.relu && params == l.params && macs == l.macs;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * id + localName.hashCode()) + Arrays.hashCode(inputs);
  }
}
