package dev.leti.cli;

import dev.leti.cli.config.ConfigLoader;
import dev.leti.cli.config.LetiConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code leti} command line: parses, validates and hands over to the library, the jobs and the collector. */
@Command(
    name = "leti",
    mixinStandardHelpOptions = true,
    versionProvider = Leti.Version.class,
    description = "Latency estimation for neural networks on mobile GPUs.",
    subcommands = {FeaturesCommand.class, ExportCommand.class, RunLocalCommand.class, DevicesCommand.class,
        CollectCommand.class, ImportCommand.class, PipelineCommand.class, TrainCommand.class, PredictCommand.class,
        TransferCommand.class, ReportCommand.class, SqlCommand.Shell.class, SqlCommand.Server.class,
        DemoCommand.class, NightlyCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Leti {
  /** Exit code for a wrong command line (picocli's convention). */
  static final int EXIT_USAGE = 2;
  /** Exit code for a failure the user can act on: bad input, missing file. */
  static final int EXIT_FAILURE = 1;
  /** Exit code for a bug. */
  static final int EXIT_INTERNAL = 70;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = CommandLine.ScopeType.LOCAL,
      description = "configuration file (default: $LETI_CONFIG, else conf/leti.yaml of the checkout)")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", scope = CommandLine.ScopeType.LOCAL,
      description = "override one configuration key, e.g. --set pipeline.min_good_runs=3 (repeatable)")
  List<String> overrides = new ArrayList<>();

  private LetiConfig config;

  /** The configuration, read and checked before any command runs. */
  LetiConfig config() {
    if (config == null) {
      config = ConfigLoader.load(configPath(), overrides);
    }
    return config;
  }

  private Path configPath() {
    if (configFile != null) {
      return configFile;
    }
    String env = System.getenv("LETI_CONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path checkout = Path.of(System.getProperty("leti.home", "."), "conf", "leti.yaml");
    return Files.isRegularFile(checkout) ? checkout : null;
  }

  /** The configuration of the command line {@code spec} belongs to. */
  static LetiConfig config(CommandLine.Model.CommandSpec spec) {
    return ((Leti) spec.root().userObject()).config();
  }

  public static void main(String... args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; errors are one line on stderr. */
  static int run(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    Leti root = new Leti();
    CommandLine cli = new CommandLine(root);
    // read and check the configuration before any command starts work, so a bad key fails at once
    cli.setExecutionStrategy(parseResult -> {
      if (!CommandLine.printHelpIfRequested(parseResult)) {
        try {
          root.config().spark().conf().forEach((k, v) -> {
            if (System.getProperty(k) == null) {
              System.setProperty(k, v); // SparkConf reads spark.* system properties; spark-submit's win
            }
          });
        } catch (ConfigLoader.ConfigException | IllegalArgumentException e) {
          cli.getErr().println("leti: config " + e.getMessage());
          return EXIT_FAILURE;
        }
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    cli.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("leti: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
          + " --help')");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (isUserError(e)) {
        err.println("leti: " + e.getMessage());
        return EXIT_FAILURE;
      }
      err.println("leti: internal error: " + e);
      e.printStackTrace(err);
      return EXIT_INTERNAL;
    });
    return cli;
  }

  private static boolean isUserError(Exception e) {
    return e instanceof UserException || e instanceof IllegalArgumentException || e instanceof IOException
        || e instanceof UncheckedIOException;
  }

  /** The version in the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Leti.class.getPackage().getImplementationVersion();
      return new String[] {"leti " + (v == null ? "dev" : v)};
    }
  }
}
