package dev.leti.features.nb201;

import java.util.Arrays;

/** The datasets NAS-Bench-201 trains on; they change only the input size and the classifier width. */
public enum Nb201Dataset {
  /** CIFAR-10 with the official train/valid split; the same network as {@link #CIFAR10}. */
  CIFAR10_VALID("cifar10-valid", 10, 32),
  CIFAR10("cifar10", 10, 32),
  CIFAR100("cifar100", 100, 32),
  IMAGENET16_120("ImageNet16-120", 120, 16);

  private final String officialName;
  private final int classes;
  private final int inputSize;

  Nb201Dataset(String officialName, int classes, int inputSize) {
    this.officialName = officialName;
    this.classes = classes;
    this.inputSize = inputSize;
  }

  /** The name the official API uses, e.g. {@code ImageNet16-120}. */
  public String officialName() {
    return officialName;
  }

  public int classes() {
    return classes;
  }

  /** Height and width of the (square, RGB) input. */
  public int inputSize() {
    return inputSize;
  }

  /**
   * The dataset with this official name.
   *
   * @throws IllegalArgumentException naming the bad name and the known ones
   */
  public static Nb201Dataset fromName(String name) {
    for (Nb201Dataset d : values()) {
      if (d.officialName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown NAS-Bench-201 dataset " + (name == null ? "null" : "'" + name + "'")
        + "; known: " + Arrays.toString(Arrays.stream(values()).map(Nb201Dataset::officialName).toArray()));
  }

  @Override
  public String toString() {
    return officialName;
  }
}
