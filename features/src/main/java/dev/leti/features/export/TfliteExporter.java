package dev.leti.features.export;

import dev.leti.features.net.Layer;
import dev.leti.features.net.Network;
import dev.leti.features.net.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a {@link Network} as a TFLite model: input 1xHxWx3 float32 (NHWC), output [1, classes], one operator per
 * layer (plus one DEQUANTIZE per float16 weight tensor), weights from {@link SeededWeights}.
 *
 * <p>Layer by layer: a conv becomes CONV_2D with its batch norm folded into weights and bias and its ReLU fused; a
 * lone ReLU becomes RELU; pools become MAX_POOL_2D / AVERAGE_POOL_2D with SAME padding (TFLite's average excludes
 * the padding, as NAS-Bench-201's pool does); add, concat (channels) and the truncation (SLICE of the first
 * channels) map one to one; the global pool is an AVERAGE_POOL_2D over the whole map; the dense layer
 * FULLY_CONNECTED; a lone batch norm (NAS-Bench-201's last) a 1x1 DEPTHWISE_CONV_2D whose weights are the scale and
 * bias the shift, ReLU fused. A zero node (NAS-Bench-201, all inputs 'none') is a constant tensor of zeros: a
 * runtime would never compute a product with zero either.
 *
 * <p>The same network, seed and precision always give the same bytes.
 */
public final class TfliteExporter {
  private static final int AXIS_CHANNELS = 3;

  private TfliteExporter() {}

  /** The largest write to the model file between two checkpoints. */
  public static final int WRITE_CHUNK = 1 << 22;

  /** The model as a buffer holding exactly the file's bytes (position to limit). */
  public static ByteBuffer export(Network network, ExportOptions options) {
    return export(network, options, ExportCheckpoint.NONE);
  }

  /** {@link #export(Network, ExportOptions)}, passing {@code checkpoint} before each layer. */
  public static ByteBuffer export(Network network, ExportOptions options, ExportCheckpoint checkpoint) {
    return new Run(network, options, checkpoint).write();
  }

  /** The model's bytes. */
  public static byte[] toBytes(Network network, ExportOptions options) {
    ByteBuffer model = export(network, options);
    byte[] bytes = new byte[model.remaining()];
    model.get(bytes);
    return bytes;
  }

  /** Writes the model to {@code file} (replacing it); returns its size in bytes. */
  public static long write(Network network, ExportOptions options, Path file) throws IOException {
    return write(network, options, file, ExportCheckpoint.NONE);
  }

  /** {@link #write(Network, ExportOptions, Path)}, passing {@code checkpoint} before each layer and each chunk. */
  public static long write(Network network, ExportOptions options, Path file, ExportCheckpoint checkpoint)
      throws IOException {
    ByteBuffer model = export(network, options, checkpoint);
    long size = model.remaining();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (model.hasRemaining()) {
        checkpoint.reached();
        ByteBuffer chunk = model.slice();
        chunk.limit(Math.min(WRITE_CHUNK, chunk.remaining()));
        model.position(model.position() + out.write(chunk));
      }
    }
    return size;
  }

  /** One export: the writer and the tensor of each layer. */
  private static final class Run {
    private final Network network;
    private final SeededWeights weights;
    private final boolean half;
    private final TfliteModelWriter writer;
    private final int[] tensorOf;
    private final ExportCheckpoint checkpoint;

    Run(Network network, ExportOptions options, ExportCheckpoint checkpoint) {
      this.network = network;
      this.checkpoint = checkpoint;
      this.weights = new SeededWeights(network, options.seed());
      this.half = options.precision() == WeightPrecision.FP16;
      // parameters dominate the size; BN statistics fold away, so this slightly overestimates for fp32
      long expected = network.params() * (half ? 2 : 4) + 256L * network.layers().size() + 4096;
      if (expected > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("a network of " + network.params()
            + " parameters does not fit in one flatbuffer (2 GiB)");
      }
      this.writer = new TfliteModelWriter((int) expected);
      this.tensorOf = new int[network.layers().size()];
    }

    ByteBuffer write() {
      for (Layer layer : network.layers()) {
        checkpoint.reached();
        tensorOf[layer.id()] = layer(layer);
      }
      String description = "leti " + network.space() + " seed=" + weights.seed() + " weights=" + (half ? "fp16" : "fp32");
      return writer.finish(new int[] {tensorOf[0]}, new int[] {tensorOf[network.output().id()]}, network.space(),
          description);
    }

    /** Writes the layer's operator(s); returns the tensor holding its output. */
    private int layer(Layer l) {
      switch (l.kind()) {
        case INPUT:
          return writer.activation(nhwc(l.output()), l.name());
        case CONV:
          return conv(l);
        case RELU:
          return op(TfliteOp.RELU, l, 0, in(l, 0));
        case MAX_POOL:
          return op(TfliteOp.MAX_POOL_2D, l,
              writer.pool2dOptions(TfliteSchema.PADDING_SAME, l.stride(), l.kernel(), l.kernel()), in(l, 0));
        case AVG_POOL:
          return op(TfliteOp.AVERAGE_POOL_2D, l,
              writer.pool2dOptions(TfliteSchema.PADDING_SAME, l.stride(), l.kernel(), l.kernel()), in(l, 0));
        case ADD:
          return op(TfliteOp.ADD, l, writer.addOptions(), in(l, 0), in(l, 1));
        case CONCAT:
          int[] parts = new int[l.inputCount()];
          for (int i = 0; i < parts.length; i++) {
            parts[i] = in(l, i);
          }
          return op(TfliteOp.CONCATENATION, l, writer.concatenationOptions(AXIS_CHANNELS), parts);
        case SLICE:
          return slice(l);
        case ZERO:
          return writer.constant(nhwc(l.output()), new float[(int) l.output().elements()], false, l.name());
        case GLOBAL_AVG_POOL:
          Shape s = network.layer(l.input(0)).output();
          return op(TfliteOp.AVERAGE_POOL_2D, l,
              writer.pool2dOptions(TfliteSchema.PADDING_VALID, 1, s.width(), s.height()), in(l, 0));
        case DENSE:
          return dense(l);
        case BATCH_NORM:
          return batchNorm(l);
        default:
          throw new IllegalArgumentException("cannot export layer " + l + ": no TFLite op for " + l.kind());
      }
    }

    private int conv(Layer l) {
      ConvParams p = weights.conv(l);
      int w = constant(new int[] {p.outChannels(), p.kernel(), p.kernel(), p.inChannels()}, p.foldedWeights(),
          l.name() + "/weights");
      int b = constant(new int[] {p.outChannels()}, p.foldedBias(), l.name() + "/bias");
      int options = writer.conv2dOptions(TfliteSchema.PADDING_SAME, l.stride(), activation(l));
      return op(TfliteOp.CONV_2D, l, options, in(l, 0), w, b);
    }

    private int batchNorm(Layer l) {
      BatchNormParams bn = weights.batchNorm(l);
      int c = bn.channels();
      int w = constant(new int[] {1, 1, 1, c}, bn.scale(), l.name() + "/scale");
      int b = constant(new int[] {c}, bn.shift(), l.name() + "/shift");
      int options = writer.depthwiseConv2dOptions(TfliteSchema.PADDING_SAME, 1, 1, activation(l));
      return op(TfliteOp.DEPTHWISE_CONV_2D, l, options, in(l, 0), w, b);
    }

    private int dense(Layer l) {
      DenseParams p = weights.dense(l);
      int w = constant(new int[] {p.units(), p.inFeatures()}, p.weights(), l.name() + "/weights");
      int b = constant(new int[] {p.units()}, p.bias(), l.name() + "/bias");
      int out = writer.activation(new int[] {1, p.units()}, l.name());
      writer.operator(TfliteOp.FULLY_CONNECTED, new int[] {in(l, 0), w, b}, new int[] {out},
          writer.fullyConnectedOptions());
      return out;
    }

    private int slice(Layer l) {
      Shape s = l.output();
      int begin = writer.constant(new int[] {4}, new int[] {0, 0, 0, 0}, l.name() + "/begin");
      int size = writer.constant(new int[] {4}, new int[] {1, s.height(), s.width(), s.channels()}, l.name() + "/size");
      return op(TfliteOp.SLICE, l, writer.sliceOptions(), in(l, 0), begin, size);
    }

    /** A weight tensor; stored as float16 it is followed by the DEQUANTIZE that turns it into float32. */
    private int constant(int[] shape, float[] values, String name) {
      int stored = writer.constant(shape, values, half, half ? name + "/fp16" : name);
      if (!half) {
        return stored;
      }
      int dequantized = writer.activation(shape, name);
      writer.operator(TfliteOp.DEQUANTIZE, new int[] {stored}, new int[] {dequantized}, 0);
      return dequantized;
    }

    /** An op whose output is the layer's activation tensor. */
    private int op(TfliteOp op, Layer l, int options, int... inputs) {
      int out = writer.activation(nhwc(l.output()), l.name());
      writer.operator(op, inputs, new int[] {out}, options);
      return out;
    }

    private int in(Layer l, int i) {
      return tensorOf[l.input(i)];
    }

    private static byte activation(Layer l) {
      return l.relu() ? TfliteSchema.ACTIVATION_RELU : TfliteSchema.ACTIVATION_NONE;
    }

    private static int[] nhwc(Shape s) {
      return new int[] {1, s.height(), s.width(), s.channels()};
    }
  }
}
