package dev.leti.features.export;

/**
 * A convolution's weights as training holds them: the kernel in TFLite's layout [out][kh][kw][in] and the batch
 * norm after it (null when none follows).
 */
public record ConvParams(int outChannels, int kernel, int inChannels, float[] weights, BatchNormParams batchNorm) {

  /** Weights with the batch norm folded in (each output channel scaled); the kernel itself without one. */
  public float[] foldedWeights() {
    if (batchNorm == null) {
      return weights;
    }
    float[] scale = batchNorm.scale();
    float[] folded = new float[weights.length];
    int perOutput = kernel * kernel * inChannels;
    for (int o = 0; o < outChannels; o++) {
      float s = scale[o];
      for (int i = o * perOutput, end = i + perOutput; i < end; i++) {
        folded[i] = weights[i] * s;
      }
    }
    return folded;
  }

  /** The bias after folding: the batch norm's shift, or zeros (the convs here have no bias of their own). */
  public float[] foldedBias() {
    return batchNorm == null ? new float[outChannels] : batchNorm.shift();
  }
}
