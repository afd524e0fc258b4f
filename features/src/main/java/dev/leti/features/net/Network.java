package dev.leti.features.net;

import java.util.List;

/**
 * A network as an explicit layer graph in topological order: layer 0 is the input, the last layer the output.
 * Built by a search space's builder; read by feature extraction and model export.
 */
public record Network(String space, List<Layer> layers) {

  /** Takes the list as it is: {@link NetworkBuilder} hands over a list nobody else holds. */
  public Network {
    layers = java.util.Collections.unmodifiableList(layers);
    if (layers.isEmpty() || layers.get(0).kind() != LayerKind.INPUT) {
      throw new IllegalArgumentException("a network starts with its input layer");
    }
  }

  public Layer input() {
    return layers.get(0);
  }

  public Layer output() {
    return layers.get(layers.size() - 1);
  }

  public Layer layer(int id) {
    return layers.get(id);
  }

  public long params() {
    long total = 0;
    for (Layer l : layers) {
      total += l.params();
    }
    return total;
  }

  public long macs() {
    long total = 0;
    for (Layer l : layers) {
      total += l.macs();
    }
    return total;
  }
}
