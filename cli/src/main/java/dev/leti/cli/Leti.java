package dev.leti.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leti} command line: parses, validates and hands over to the library, the jobs and the collector. */
@Command(
    name = "leti",
    mixinStandardHelpOptions = true,
    versionProvider = Leti.Version.class,
    description = "Latency estimation for neural networks on mobile GPUs.",
    subcommands = {FeaturesCommand.class, ExportCommand.class, RunLocalCommand.class, DevicesCommand.class,
        CollectCommand.class, ImportCommand.class, PipelineCommand.class, TrainCommand.class, PredictCommand.class,
        ReportCommand.class,
        SqlCommand.Shell.class, SqlCommand.Server.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Leti {
  /** Exit code for a wrong command line (picocli's convention). */
  static final int EXIT_USAGE = 2;
  /** Exit code for a failure the user can act on: bad input, missing file. */
  static final int EXIT_FAILURE = 1;
  /** Exit code for a bug. */
  static final int EXIT_INTERNAL = 70;

  public static void main(String... args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; errors are one line on stderr. */
  static int run(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Leti());
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
