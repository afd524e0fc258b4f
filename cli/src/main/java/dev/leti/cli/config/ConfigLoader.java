package dev.leti.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads leti's configuration: the defaults built into the jar (a copy of the checkout's {@code conf/leti.yaml}),
 * then the user's file over them, then {@code --set key=value} overrides. Every key must be one the defaults
 * know (only {@code spark.conf} is open), and every value must bind to its type and pass its section's checks;
 * otherwise {@link ConfigException} names the key.
 */
public final class ConfigLoader {
  static final String DEFAULTS = "leti.yaml";
  /** The one section whose keys are free: Spark settings. */
  private static final String OPEN_SECTION = "spark.conf";

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
          DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
      .build();

  private ConfigLoader() {}

  /**
   * @param file the user's file, or null for the defaults alone
   * @param overrides {@code key=value} pairs, keys dotted ({@code pipeline.min_good_runs}), values in YAML
   */
  public static LetiConfig load(Path file, List<String> overrides) {
    String source = file == null ? "built-in defaults" : file.toString();
    ObjectNode tree = defaults();
    if (file != null) {
      merge(tree, readUserFile(file), "", source);
    }
    for (String override : overrides) {
      apply(tree, override);
    }
    sparkSettingsAsText(tree, source);
    try {
      return YAML.treeToValue(tree, LetiConfig.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": " + describe(e, tree), e);
    }
  }

  /** Spark reads every setting as a string: {@code spark.sql.shuffle.partitions: 64} is as good as "64". */
  private static void sparkSettingsAsText(ObjectNode tree, String source) {
    if (!(tree.path("spark").path("conf") instanceof ObjectNode conf)) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = conf.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new ConfigException(source + ": " + OPEN_SECTION + "." + e.getKey() + " must be one value, got "
            + e.getValue());
      }
      e.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getValue().asText()));
    }
  }

  static ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("the built-in configuration " + DEFAULTS + " is missing from the jar");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in configuration", e);
    }
  }

  private static JsonNode readUserFile(Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException("cannot read the configuration file " + file);
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode(); // an empty file: all defaults
      }
      if (!node.isObject()) {
        throw new ConfigException(file + ": the top level must be a mapping of sections (lake:, pipeline:, ...)");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Lays {@code user} over {@code base}, key by key; a key the defaults do not have is an error. */
  private static void merge(ObjectNode base, JsonNode user, String prefix, String source) {
    if (!user.isObject()) {
      throw new ConfigException(source + ": " + prefix.substring(0, prefix.length() - 1) + " must be a mapping");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      JsonNode known = base.get(field.getKey());
      if (known == null) {
        throw new ConfigException(source + ": unknown key '" + key + "'" + knownKeys(base, prefix));
      }
      if (!known.isObject()) {
        base.set(field.getKey(), field.getValue());
      } else if (!key.equals(OPEN_SECTION)) {
        merge((ObjectNode) known, field.getValue(), key + ".", source);
      } else if (field.getValue().isObject()) {
        ((ObjectNode) known).setAll((ObjectNode) field.getValue()); // free keys, checked when bound
      } else {
        throw new ConfigException(source + ": " + key + " must be a mapping of Spark settings");
      }
    }
  }

  /** Applies one {@code key=value}; under {@code spark.conf} the rest of the key is one Spark setting. */
  private static void apply(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("--set takes key=value, got '" + override + "'");
    }
    String key = override.substring(0, eq).trim();
    JsonNode value;
    try {
      value = YAML.readTree(override.substring(eq + 1));
    } catch (JsonProcessingException e) {
      throw new ConfigException("--set " + key + ": not a YAML value: " + e.getOriginalMessage(), e);
    }
    if (value == null || value.isMissingNode()) {
      value = YAML.nullNode();
    }
    List<String> path = new ArrayList<>();
    if (key.startsWith(OPEN_SECTION + ".")) {
      path.add("spark");
      path.add("conf");
      path.add(key.substring(OPEN_SECTION.length() + 1));
    } else {
      path.addAll(List.of(key.split("\\.", -1)));
    }
    ObjectNode nested = YAML.createObjectNode();
    ObjectNode at = nested;
    for (int i = 0; i < path.size() - 1; i++) {
      at = at.putObject(path.get(i));
    }
    at.set(path.get(path.size() - 1), value);
    merge(tree, nested, "", "--set " + key);
  }

  private static String knownKeys(ObjectNode base, String prefix) {
    List<String> names = new ArrayList<>();
    base.fieldNames().forEachRemaining(n -> names.add(prefix + n));
    return "; known keys here: " + names.stream().collect(Collectors.joining(", "));
  }

  /** One line naming the key and what is wrong with its value. */
  private static String describe(JsonProcessingException e, JsonNode tree) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return e.getOriginalMessage();
    }
    List<String> names = new ArrayList<>();
    JsonNode value = tree;
    for (JsonMappingException.Reference ref : m.getPath()) {
      String name = ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]";
      names.add(name);
      value = value == null ? MissingNode.getInstance()
          : ref.getFieldName() != null ? value.path(ref.getFieldName()) : value.path(ref.getIndex());
    }
    String key = String.join(".", names).replace(".[", "[");
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException) {
      return key + ": " + cause.getMessage(); // a section's own check
    }
    return key + ": " + e.getOriginalMessage().replaceAll("\\s*\\n.*", "")
        + (value.isMissingNode() ? "" : " (value: " + value + ")");
  }

  /** A configuration that cannot be used; the message names the file or flag and the key. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }

    public ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
