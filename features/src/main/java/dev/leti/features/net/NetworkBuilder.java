package dev.leti.features.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends layers in topological order and works out each one's output shape, parameters and MACs, so that every
 * search space counts them the same way. Convolutions and pools use SAME padding: output size = ceil(in / stride).
 */
public final class NetworkBuilder {
  private final String space;
  private final List<Layer> layers = new ArrayList<>();
  private int stage = -1;
  private String scope = "";
  private boolean built;

  public NetworkBuilder(String space, Shape input) {
    this.space = space;
    layers.add(new Layer(0, LayerKind.INPUT, LayerRole.INPUT, -1, "", "input", new int[0], input, 0, 0, false, false,
        0, 0));
  }

  /** Layers added from now on belong to this stage (-1 for stem and head). */
  public NetworkBuilder stage(int stage) {
    this.stage = stage;
    return this;
  }

  /** Layers added from now on are named {@code scope + name}, e.g. scope {@code stack1/module0/}. */
  public NetworkBuilder scope(String scope) {
    this.scope = scope;
    return this;
  }

  public Shape shape(int id) {
    return layers.get(id).output();
  }

  /** Convolution without bias; params = k*k*cin*cout (+ 2*cout for the batch norm's scale and shift). */
  public int conv(LayerRole role, String name, int in, int kernel, int stride, int outChannels,
      boolean batchNorm, boolean relu) {
    Shape s = shape(in);
    Shape out = stride == 1 && s.channels() == outChannels ? s
        : new Shape(ceilDiv(s.height(), stride), ceilDiv(s.width(), stride), outChannels);
    long weights = (long) kernel * kernel * s.channels() * outChannels;
    long params = weights + (batchNorm ? 2L * outChannels : 0);
    long macs = weights * out.height() * out.width();
    return add(LayerKind.CONV, role, name, new int[] {in}, out, kernel, stride, batchNorm, relu, params, macs);
  }

  public int relu(LayerRole role, String name, int in) {
    return add(LayerKind.RELU, role, name, new int[] {in}, shape(in), 0, 0, false, false, 0, 0);
  }

  public int maxPool(LayerRole role, String name, int in, int kernel, int stride) {
    return pool(LayerKind.MAX_POOL, role, name, in, kernel, stride);
  }

  public int avgPool(LayerRole role, String name, int in, int kernel, int stride) {
    return pool(LayerKind.AVG_POOL, role, name, in, kernel, stride);
  }

  private int pool(LayerKind kind, LayerRole role, String name, int in, int kernel, int stride) {
    Shape s = shape(in);
    Shape out = stride == 1 ? s : new Shape(ceilDiv(s.height(), stride), ceilDiv(s.width(), stride), s.channels());
    return add(kind, role, name, new int[] {in}, out, kernel, stride, false, false, 0, 0);
  }

  /** Element-wise sum of two tensors of the same shape. */
  public int sum(LayerRole role, String name, int a, int b) {
    if (!shape(a).equals(shape(b))) {
      throw new IllegalArgumentException(name + ": cannot add " + shape(a) + " and " + shape(b));
    }
    return add(LayerKind.ADD, role, name, new int[] {a, b}, shape(a), 0, 0, false, false, 0, 0);
  }

  /** Channel concatenation, inputs in the given order. */
  public int concat(LayerRole role, String name, int... ins) {
    if (ins.length < 2) {
      throw new IllegalArgumentException(name + ": concat needs two or more inputs");
    }
    Shape first = shape(ins[0]);
    int channels = 0;
    for (int in : ins) {
      Shape s = shape(in);
      if (s.height() != first.height() || s.width() != first.width()) {
        throw new IllegalArgumentException(name + ": cannot concat " + first + " and " + s);
      }
      channels += s.channels();
    }
    return add(LayerKind.CONCAT, role, name, ins, first.withChannels(channels), 0, 0, false, false, 0, 0);
  }

  /** The first {@code channels} channels of the input. */
  public int slice(LayerRole role, String name, int in, int channels) {
    if (channels >= shape(in).channels()) {
      throw new IllegalArgumentException(name + ": slice to " + channels + " of " + shape(in));
    }
    return add(LayerKind.SLICE, role, name, new int[] {in}, shape(in).withChannels(channels), 0, 0, false, false, 0, 0);
  }

  public int zero(LayerRole role, String name, Shape shape) {
    return add(LayerKind.ZERO, role, name, new int[0], shape, 0, 0, false, false, 0, 0);
  }

  public int globalAvgPool(LayerRole role, String name, int in) {
    Shape out = new Shape(1, 1, shape(in).channels());
    return add(LayerKind.GLOBAL_AVG_POOL, role, name, new int[] {in}, out, 0, 0, false, false, 0, 0);
  }

  /** Fully connected with bias: params = MACs = in*units + units (the bias add counted as in NB-201's counter). */
  public int dense(LayerRole role, String name, int in, int units) {
    long inFeatures = shape(in).elements();
    long params = inFeatures * units + units;
    return add(LayerKind.DENSE, role, name, new int[] {in}, new Shape(1, 1, units), 0, 0, false, false, params, params);
  }

  /** Batch norm on its own: params = 2*channels (scale and shift), no MACs counted, output shape = input shape. */
  public int batchNorm(LayerRole role, String name, int in, boolean relu) {
    Shape s = shape(in);
    return add(LayerKind.BATCH_NORM, role, name, new int[] {in}, s, 0, 0, false, relu, 2L * s.channels(), 0);
  }

  /** The network; a builder builds once. */
  public Network build() {
    if (built) {
      throw new IllegalStateException("build() was already called");
    }
    built = true;
    return new Network(space, layers);
  }

  private int add(LayerKind kind, LayerRole role, String name, int[] inputs, Shape out, int kernel, int stride,
      boolean batchNorm, boolean relu, long params, long macs) {
    if (built) {
      throw new IllegalStateException("the network was already built");
    }
    int id = layers.size();
    layers.add(new Layer(id, kind, role, stage, scope, name, inputs, out, kernel, stride, batchNorm, relu, params, macs));
    return id;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
