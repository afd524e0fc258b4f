package dev.leti.features.net;

/** An activation tensor shape, batch 1, NHWC. */
public record Shape(int height, int width, int channels) {

  public Shape {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException("shape must be positive: " + height + "x" + width + "x" + channels);
    }
  }

  public long elements() {
    return (long) height * width * channels;
  }

  public Shape withChannels(int c) {
    return new Shape(height, width, c);
  }

  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}
