package dev.leti.features.nb101;

import dev.leti.features.net.LayerRole;
import dev.leti.features.net.Network;
import dev.leti.features.net.NetworkBuilder;
import dev.leti.features.net.Shape;
import java.util.Arrays;

/**
 * The network the official {@code model_builder} makes of a cell, with the exhaustive-evaluation defaults:
 * conv3x3-bn-relu stem of 128 channels on a 32x32x3 input; 3 stacks of 3 modules, each stack after the first
 * preceded by a 2x2/2 max pool and doubling the width (128, 256, 512); global average pool; dense 10.
 *
 * <p>Inside a module every interior vertex sums its inputs (earlier vertices truncated to its width, and its own
 * 1x1 projection of the module input) and applies its op; the output concatenates the vertices that feed it and
 * adds a projection of the module input when the input feeds it directly.
 */
public final class Nb101Network {
  public static final int INPUT_SIZE = 32;
  public static final int STEM_CHANNELS = 128;
  public static final int STACKS = 3;
  public static final int MODULES_PER_STACK = 3;
  public static final int CLASSES = 10;

  /** Layer names by vertex, made once: building the whole space would otherwise spend its time on strings. */
  private static final String[] PROJECTION = names("v%d/projection");
  private static final String[] ADD_PROJECTION = names("v%d/add_projection");
  private static final String[][] TRUNCATE = names2("v%d_to_v%d/truncate");
  private static final String[][] ADD = names2("v%d/add_v%d");
  private static final String[][] OP = new String[Nb101Cell.MAX_VERTICES][Nb101Op.INTERIOR.size()];
  private static final String[][] SCOPE = new String[STACKS][MODULES_PER_STACK];

  static {
    for (int v = 0; v < Nb101Cell.MAX_VERTICES; v++) {
      for (Nb101Op op : Nb101Op.INTERIOR) {
        OP[v][op.label()] = "v" + v + "/" + op.officialName();
      }
    }
    for (int s = 0; s < STACKS; s++) {
      for (int m = 0; m < MODULES_PER_STACK; m++) {
        SCOPE[s][m] = "stack" + s + "/module" + m + "/";
      }
    }
  }

  private Nb101Network() {}

  /** The official network of the cell (its canonical form, which {@link Nb101Cell} always is). */
  public static Network build(Nb101Cell cell) {
    return build(cell, STEM_CHANNELS);
  }

  /** The same network with another stem width (narrow networks make fast numeric checks of an export). */
  public static Network build(Nb101Cell cell, int stemChannels) {
    NetworkBuilder b = new NetworkBuilder("nb101", new Shape(INPUT_SIZE, INPUT_SIZE, 3));
    int x = b.conv(LayerRole.STEM, "stem", 0, 3, 1, stemChannels, true, true);
    int channels = stemChannels;
    int[][] matrix = cell.matrix();
    for (int stack = 0; stack < STACKS; stack++) {
      b.stage(stack);
      if (stack > 0) {
        b.scope("stack" + stack + "/");
        x = b.maxPool(LayerRole.REDUCTION, "downsample", x, 2, 2);
        channels *= 2;
      }
      for (int module = 0; module < MODULES_PER_STACK; module++) {
        b.scope(SCOPE[stack][module]);
        x = module(b, cell, matrix, x, channels);
      }
    }
    b.stage(-1).scope("");
    x = b.globalAvgPool(LayerRole.HEAD, "global_pool", x);
    b.dense(LayerRole.HEAD, "dense", x, CLASSES);
    return b.build();
  }

  private static int module(NetworkBuilder b, Nb101Cell cell, int[][] matrix, int input, int outChannels) {
    int v = cell.vertices();
    int[] ch = vertexChannels(matrix, b.shape(input).channels(), outChannels);
    int[] tensor = new int[v];
    tensor[0] = input;
    for (int t = 1; t < v - 1; t++) {
      int sum = -1;
      for (int src = 1; src < t; src++) {
        if (matrix[src][t] == 1) {
          int in = tensor[src];
          if (ch[src] > ch[t]) {
            in = b.slice(LayerRole.TRUNCATION, TRUNCATE[src][t], in, ch[t]);
          }
          sum = sum < 0 ? in : b.sum(LayerRole.MERGE, ADD[t][src], sum, in);
        }
      }
      if (matrix[0][t] == 1) {
        int proj = projection(b, input, ch[t], PROJECTION[t]);
        sum = sum < 0 ? proj : b.sum(LayerRole.MERGE, ADD_PROJECTION[t], sum, proj);
      }
      Nb101Op op = cell.op(t);
      String name = OP[t][op.label()];
      tensor[t] = switch (op) {
        case CONV3X3 -> b.conv(LayerRole.CELL_OP, name, sum, 3, 1, ch[t], true, true);
        case CONV1X1 -> b.conv(LayerRole.CELL_OP, name, sum, 1, 1, ch[t], true, true);
        case MAXPOOL3X3 -> b.maxPool(LayerRole.CELL_OP, name, sum, 3, 1);
        default -> throw new AssertionError("interior vertex with op " + op);
      };
    }
    int feeders = 0;
    int[] concatInputs = new int[v];
    for (int src = 1; src < v - 1; src++) {
      if (matrix[src][v - 1] == 1) {
        concatInputs[feeders++] = tensor[src];
      }
    }
    int out = -1;
    if (feeders == 1) {
      out = concatInputs[0];
    } else if (feeders > 1) {
      out = b.concat(LayerRole.MERGE, "output/concat", Arrays.copyOf(concatInputs, feeders));
    }
    if (matrix[0][v - 1] == 1) {
      int proj = projection(b, input, outChannels, "output/projection");
      out = out < 0 ? proj : b.sum(LayerRole.MERGE, "output/add_projection", out, proj);
    }
    return out;
  }

  private static int projection(NetworkBuilder b, int input, int channels, String name) {
    return b.conv(LayerRole.PROJECTION, name, input, 1, 1, channels, true, true);
  }

  /**
   * The official {@code compute_vertex_channels} on a matrix in the order given: the output width is split evenly
   * over the interior vertices that feed the output (the lowest-numbered ones get the remainder), and every other
   * interior vertex takes the largest width among its interior successors.
   */
  public static int[] vertexChannels(int[][] matrix, int inChannels, int outChannels) {
    int v = matrix.length;
    int[] ch = new int[v];
    ch[0] = inChannels;
    ch[v - 1] = outChannels;
    if (v == 2) {
      return ch;
    }
    int feeders = 0;
    for (int i = 1; i < v - 1; i++) {
      feeders += matrix[i][v - 1];
    }
    int base = outChannels / feeders;
    int remainder = outChannels % feeders;
    for (int i = 1; i < v - 1; i++) {
      if (matrix[i][v - 1] == 1) {
        ch[i] = base + (remainder-- > 0 ? 1 : 0);
      }
    }
    for (int i = v - 3; i >= 1; i--) {
      if (matrix[i][v - 1] == 0) {
        for (int j = i + 1; j < v - 1; j++) {
          if (matrix[i][j] == 1) {
            ch[i] = Math.max(ch[i], ch[j]);
          }
        }
      }
    }
    return ch;
  }

  private static String[] names(String format) {
    String[] out = new String[Nb101Cell.MAX_VERTICES];
    for (int v = 0; v < out.length; v++) {
      out[v] = String.format(format, v);
    }
    return out;
  }

  private static String[][] names2(String format) {
    String[][] out = new String[Nb101Cell.MAX_VERTICES][Nb101Cell.MAX_VERTICES];
    for (int a = 0; a < out.length; a++) {
      for (int b = 0; b < out.length; b++) {
        out[a][b] = String.format(format, a, b);
      }
    }
    return out;
  }
}
