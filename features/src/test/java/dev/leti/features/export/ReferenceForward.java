package dev.leti.features.export;

import dev.leti.features.net.Layer;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.Network;
import dev.leti.features.net.Shape;

/**
 * A straightforward forward pass over a {@link Network}'s layer graph in double precision, with the weights
 * {@link SeededWeights} gives the exporter: what an exported model must compute. It follows TFLite's conventions
 * where the network leaves a choice: SAME padding puts the odd padding row after (pad before = total / 2), pools
 * look only at positions inside the map (max ignores padding, average divides by the count inside).
 *
 * <p>For float32 weights the convolutions apply their batch norm separately, unfolded, so the check also covers
 * the exporter's folding. For float16 weights it uses the folded values rounded to half precision, which is what
 * such a file holds.
 */
final class ReferenceForward {
  private final Network network;
  private final SeededWeights weights;
  private final boolean half;

  ReferenceForward(Network network, ExportOptions options) {
    this.network = network;
    this.weights = new SeededWeights(network, options.seed());
    this.half = options.precision() == WeightPrecision.FP16;
  }

  /** The network's output for an NHWC input of the input layer's shape. */
  double[] run(float[] input) {
    double[][] value = new double[network.layers().size()][];
    double[] x = new double[input.length];
    for (int i = 0; i < input.length; i++) {
      x[i] = input[i];
    }
    value[0] = x;
    for (Layer l : network.layers().subList(1, network.layers().size())) {
      value[l.id()] = layer(l, value);
    }
    return value[network.output().id()];
  }

  private double[] layer(Layer l, double[][] value) {
    Shape out = l.output();
    Shape in = l.inputCount() > 0 ? network.layer(l.input(0)).output() : null;
    double[] x = l.inputCount() > 0 ? value[l.input(0)] : null;
    switch (l.kind()) {
      case CONV:
        return conv(l, in, x);
      case RELU:
        return relu(x.clone());
      case MAX_POOL:
      case AVG_POOL:
        return pool(l, in, x);
      case ADD: {
        double[] y = x.clone();
        double[] b = value[l.input(1)];
        for (int i = 0; i < y.length; i++) {
          y[i] += b[i];
        }
        return y;
      }
      case CONCAT:
        return concat(l, value);
      case SLICE: {
        double[] y = new double[(int) out.elements()];
        for (int p = 0; p < in.height() * in.width(); p++) {
          System.arraycopy(x, p * in.channels(), y, p * out.channels(), out.channels());
        }
        return y;
      }
      case ZERO:
        return new double[(int) out.elements()];
      case GLOBAL_AVG_POOL: {
        double[] y = new double[in.channels()];
        int positions = in.height() * in.width();
        for (int p = 0; p < positions; p++) {
          for (int c = 0; c < in.channels(); c++) {
            y[c] += x[p * in.channels() + c];
          }
        }
        for (int c = 0; c < y.length; c++) {
          y[c] /= positions;
        }
        return y;
      }
      case DENSE:
        return dense(l, x);
      case BATCH_NORM:
        return batchNorm(l, in, x);
      default:
        throw new AssertionError("no reference for " + l);
    }
  }

  private double[] conv(Layer l, Shape in, double[] x) {
    ConvParams p = weights.conv(l);
    Shape out = l.output();
    int k = p.kernel();
    int stride = l.stride();
    int padTop = samePaddingBefore(in.height(), out.height(), k, stride);
    int padLeft = samePaddingBefore(in.width(), out.width(), k, stride);
    float[] w = half ? rounded(p.foldedWeights()) : p.weights();
    float[] bias = half ? rounded(p.foldedBias()) : new float[p.outChannels()];
    double[] y = new double[(int) out.elements()];
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int o = 0; o < p.outChannels(); o++) {
          double sum = bias[o];
          for (int ky = 0; ky < k; ky++) {
            int iy = oy * stride + ky - padTop;
            if (iy < 0 || iy >= in.height()) {
              continue;
            }
            for (int kx = 0; kx < k; kx++) {
              int ix = ox * stride + kx - padLeft;
              if (ix < 0 || ix >= in.width()) {
                continue;
              }
              int wBase = ((o * k + ky) * k + kx) * p.inChannels();
              int xBase = (iy * in.width() + ix) * in.channels();
              for (int c = 0; c < p.inChannels(); c++) {
                sum += w[wBase + c] * x[xBase + c];
              }
            }
          }
          y[(oy * out.width() + ox) * out.channels() + o] = sum;
        }
      }
    }
    if (p.batchNorm() != null && !half) {
      applyBatchNorm(p.batchNorm(), y);
    }
    return l.relu() ? relu(y) : y;
  }

  private double[] batchNorm(Layer l, Shape in, double[] x) {
    BatchNormParams bn = weights.batchNorm(l);
    double[] y = x.clone();
    if (half) {
      float[] scale = rounded(bn.scale());
      float[] shift = rounded(bn.shift());
      for (int i = 0; i < y.length; i++) {
        int c = i % in.channels();
        y[i] = y[i] * scale[c] + shift[c];
      }
    } else {
      applyBatchNorm(bn, y);
    }
    return l.relu() ? relu(y) : y;
  }

  private static void applyBatchNorm(BatchNormParams bn, double[] y) {
    int channels = bn.channels();
    for (int i = 0; i < y.length; i++) {
      int c = i % channels;
      y[i] = bn.gamma()[c] * (y[i] - bn.mean()[c]) / Math.sqrt(bn.variance()[c] + BatchNormParams.EPSILON)
          + bn.beta()[c];
    }
  }

  private double[] pool(Layer l, Shape in, double[] x) {
    Shape out = l.output();
    int k = l.kernel();
    int stride = l.stride();
    int padTop = samePaddingBefore(in.height(), out.height(), k, stride);
    int padLeft = samePaddingBefore(in.width(), out.width(), k, stride);
    boolean max = l.kind() == LayerKind.MAX_POOL;
    double[] y = new double[(int) out.elements()];
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int c = 0; c < out.channels(); c++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          int count = 0;
          for (int ky = 0; ky < k; ky++) {
            int iy = oy * stride + ky - padTop;
            for (int kx = 0; kx < k; kx++) {
              int ix = ox * stride + kx - padLeft;
              if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) {
                continue;
              }
              double v = x[(iy * in.width() + ix) * in.channels() + c];
              acc = max ? Math.max(acc, v) : acc + v;
              count++;
            }
          }
          y[(oy * out.width() + ox) * out.channels() + c] = max ? acc : acc / count;
        }
      }
    }
    return y;
  }

  private double[] concat(Layer l, double[][] value) {
    Shape out = l.output();
    double[] y = new double[(int) out.elements()];
    int offset = 0;
    for (int i = 0; i < l.inputCount(); i++) {
      int c = network.layer(l.input(i)).output().channels();
      double[] x = value[l.input(i)];
      for (int p = 0; p < out.height() * out.width(); p++) {
        System.arraycopy(x, p * c, y, p * out.channels() + offset, c);
      }
      offset += c;
    }
    return y;
  }

  private double[] dense(Layer l, double[] x) {
    DenseParams p = weights.dense(l);
    float[] w = half ? rounded(p.weights()) : p.weights();
    float[] b = half ? rounded(p.bias()) : p.bias();
    double[] y = new double[p.units()];
    for (int u = 0; u < p.units(); u++) {
      double sum = b[u];
      for (int i = 0; i < p.inFeatures(); i++) {
        sum += w[u * p.inFeatures() + i] * x[i];
      }
      y[u] = sum;
    }
    return y;
  }

  /** TensorFlow's SAME padding: the total needed for ceil(in / stride) outputs, the smaller half first. */
  private static int samePaddingBefore(int in, int out, int kernel, int stride) {
    return Math.max((out - 1) * stride + kernel - in, 0) / 2;
  }

  private static double[] relu(double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(0, y[i]);
    }
    return y;
  }

  private static float[] rounded(float[] values) {
    float[] r = new float[values.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Float16.round(values[i]);
    }
    return r;
  }
}
