package dev.denali.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
    subcommands = {AsmCommand.class, DisasmCommand.class, RunCommand.class, KernelCommand.class,
        ServeCommand.class, AdminCommand.class, DemoCommand.class, BenchCommand.class,
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

  /** Where guests' console bytes go (fd 1 and fd 2 of the guest). */
  OutputStream guestOut = new FileOutputStream(FileDescriptor.out);
  OutputStream guestErr = new FileOutputStream(FileDescriptor.err);
  /** Where interactive commands ({@code kernel --shell}) read from. */
  InputStream input = System.in;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line {@code args} with the given streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, new Main());
  }

  /**
   * Runs {@code args} with everything, guests' console bytes included, going to {@code out}
   * and {@code err} (for tests and embedding).
   */
  public static int run(String[] args, OutputStream out, OutputStream err) {
    return run(args, InputStream.nullInputStream(), out, err);
  }

  /** Like {@link #run(String[], OutputStream, OutputStream)}, reading commands from {@code in}. */
  public static int run(String[] args, InputStream in, OutputStream out, OutputStream err) {
    Main main = new Main();
    main.input = in;
    main.guestOut = out;
    main.guestErr = err;
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    int status = run(args, o, e, main);
    o.flush();
    e.flush();
    return status;
  }

  private static int run(String[] args, PrintWriter out, PrintWriter err, Main main) {
    CommandLine cmd = new CommandLine(main);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("denali: internal error (please report it): " + ex);
      return EXIT_INTERNAL;
    });
    try {
      return cmd.execute(normalize(args));
    } catch (VirtualMachineError | LinkageError e) {
      err.println("denali: internal error (please report it): " + e);
      err.flush();
      return EXIT_INTERNAL;
    }
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
