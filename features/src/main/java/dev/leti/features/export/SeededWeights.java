package dev.leti.features.export;

import dev.leti.features.net.Layer;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.Network;

/**
 * The parameters of a network's layers, drawn from a seed: latency does not depend on the values, but the numeric
 * check of an export does, so the exporter and the reference forward pass both ask this class. Each layer's values
 * come from its own stream (seed, layer id), so they are made on demand, in any order, and never held for the
 * whole network.
 *
 * <p>Kernels are He-uniform (bound sqrt(6 / fan_in)); batch norm statistics lie near the identity (gamma and
 * variance in [0.8, 1.2), beta and mean in [-0.1, 0.1)), which keeps activations of order one through a deep stack.
 */
public final class SeededWeights {
  private static final int KERNEL = 0;
  private static final int GAMMA = 1;
  private static final int BETA = 2;
  private static final int MEAN = 3;
  private static final int VARIANCE = 4;
  private static final int BIAS = 5;

  private final Network network;
  private final long seed;

  public SeededWeights(Network network, long seed) {
    this.network = network;
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** The kernel and batch norm of a CONV layer. */
  public ConvParams conv(Layer layer) {
    require(layer, LayerKind.CONV);
    int in = network.layer(layer.input(0)).output().channels();
    int out = layer.output().channels();
    int fanIn = layer.kernel() * layer.kernel() * in;
    float bound = (float) Math.sqrt(6.0 / fanIn);
    float[] weights = SplitMix64.stream(seed, layer.id(), KERNEL).uniform(out * fanIn, -bound, bound);
    return new ConvParams(out, layer.kernel(), in, weights, layer.batchNorm() ? batchNormOf(layer, out) : null);
  }

  /** The statistics of a BATCH_NORM layer. */
  public BatchNormParams batchNorm(Layer layer) {
    require(layer, LayerKind.BATCH_NORM);
    return batchNormOf(layer, layer.output().channels());
  }

  /** The weights and bias of a DENSE layer (its input flattened, as after global pooling). */
  public DenseParams dense(Layer layer) {
    require(layer, LayerKind.DENSE);
    int in = (int) network.layer(layer.input(0)).output().elements();
    int units = layer.output().channels();
    float bound = (float) Math.sqrt(6.0 / in);
    float[] weights = SplitMix64.stream(seed, layer.id(), KERNEL).uniform(units * in, -bound, bound);
    float[] bias = SplitMix64.stream(seed, layer.id(), BIAS).uniform(units, -0.1f, 0.1f);
    return new DenseParams(units, in, weights, bias);
  }

  private BatchNormParams batchNormOf(Layer layer, int channels) {
    return new BatchNormParams(
        SplitMix64.stream(seed, layer.id(), GAMMA).uniform(channels, 0.8f, 1.2f),
        SplitMix64.stream(seed, layer.id(), BETA).uniform(channels, -0.1f, 0.1f),
        SplitMix64.stream(seed, layer.id(), MEAN).uniform(channels, -0.1f, 0.1f),
        SplitMix64.stream(seed, layer.id(), VARIANCE).uniform(channels, 0.8f, 1.2f));
  }

  private static void require(Layer layer, LayerKind kind) {
    if (layer.kind() != kind) {
      throw new IllegalArgumentException(layer.name() + " is a " + layer.kind() + ", not a " + kind);
    }
  }
}
