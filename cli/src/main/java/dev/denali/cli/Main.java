package dev.denali.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code denali} command. Every subcommand returns an exit status; no Java stack trace ever
 * reaches the user (an unexpected exception prints one line and exits with {@link
 * #EXIT_INTERNAL}).
 */
@Command(
    name = "denali",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Denali: an isolation kernel for the JVM running RV32IM guest VMs.",
    subcommands = {AsmCommand.class, DisasmCommand.class, RunCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit status for errors in the user's input (bad source, bad file). */
  public static final int EXIT_USER_ERROR = 1;
  /** Exit status for bad command-line usage (picocli's convention). */
  public static final int EXIT_USAGE = 2;
  /** Exit status for a bug in denali itself. */
  public static final int EXIT_INTERNAL = 70;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line {@code args} with the given streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("denali: internal error (please report it): " + ex);
      return EXIT_INTERNAL;
    });
    return cmd.execute(normalize(args));
  }

  /**
   * A bare {@code --trace} means "trace to stderr": without this, picocli would take the next
   * word (the guest's file name) as the trace file. {@code --trace=FILE} names a file.
   */
  static String[] normalize(String[] args) {
    String[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i].equals("--trace")) {
        out[i] = "--trace=-";
      } else if (out[i].equals("--")) {
        break;
      }
    }
    return out;
  }

  /** Version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"denali " + (v == null ? "development build" : v)};
    }
  }
}
