package dev.denali.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
    footer = {"", "Environment (read by bin/denali):",
        "  DENALI_JAVA_OPTS   options for the JVM, e.g. -Xmx4g for a larger heap, or",
        "                     -XX:+BytecodeVerificationRemote to verify the JIT's classes",
        "  DENALI_CDS=off     start without the class-data archive (see cli/README.md)"})
public final class Main implements Runnable {
  /**
   * The subcommands, by name (each its class's {@code @Command} name), in the order the usage
   * lists them. {@link #commandLine} adds them to the root itself instead of an annotation's
   * {@code subcommands}: building picocli's model of a command by reflection is most of the
   * command's start-up time, so an invocation builds only what it needs.
   */
  static final List<Map.Entry<String, Class<?>>> SUBCOMMANDS = List.of(
      Map.entry("asm", AsmCommand.class),
      Map.entry("cc", CcCommand.class),
      Map.entry("new", NewCommand.class),
      Map.entry("disasm", DisasmCommand.class),
      Map.entry("run", RunCommand.class),
      Map.entry("kernel", KernelCommand.class),
      Map.entry("serve", ServeCommand.class),
      Map.entry("admin", AdminCommand.class),
      Map.entry("demo", DemoCommand.class),
      Map.entry("bench", BenchCommand.class),
      Map.entry("help", CommandLine.HelpCommand.class));

  /**
   * picocli's system property naming, by a regular expression, the option types whose
   * converters it should not register. By default it looks up the JDBC and java.time types by
   * reflection, loading java.sql, every time a command line is built: a fifth of the time that
   * takes in a fresh JVM (about 40 ms of a {@code denali run}'s start on one processor), for
   * types no option of ours has.
   */
  static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";
  static final String NOT_OUR_TYPES = "java\\.sql\\..*|java\\.time\\..*";

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

  /**
   * How the kernel's and the gateway's events (SLF4J, slf4j-simple) look on stderr: time,
   * level, source ("kernel", "gateway"), message; Netty's own only from warnings up. Each is a
   * default: a {@code -Dorg.slf4j.simpleLogger...} property given to the JVM wins.
   */
  static void logFormat() {
    String p = "org.slf4j.simpleLogger.";
    Map.of(p + "showDateTime", "true",
        p + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        p + "showThreadName", "false",
        p + "showShortLogName", "true",
        p + "log.io.netty", "warn").forEach((key, value) -> {
          if (System.getProperty(key) == null) {
            System.setProperty(key, value);
          }
        });
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
    logFormat();
    args = normalize(args);
    CommandLine cmd = commandLine(main, args);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("denali: internal error (please report it): " + ex);
      return EXIT_INTERNAL;
    });
    try {
      return cmd.execute(args);
    } catch (VirtualMachineError | LinkageError e) {
      err.println("denali: internal error (please report it): " + e);
      err.flush();
      return EXIT_INTERNAL;
    }
  }

  /**
   * The command line for {@code args} (already {@linkplain #normalize normalized}), with only
   * the subcommands it can reach: when the first word names a subcommand (other than {@code
   * help}), picocli goes straight into it and never looks at the others, so only that one is
   * added; a lone {@code --version} or {@code -V} needs none. Anything else (no arguments,
   * {@code --help}, {@code help ...}, a typo that picocli answers with "did you mean", other
   * options) gets them all, so usage and errors read as they always did. Settings such as the
   * output streams reach only the subcommands already added, so callers set them afterwards.
   */
  static CommandLine commandLine(Main main, String[] args) {
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, NOT_OUR_TYPES);
    }
    CommandLine cmd = new CommandLine(main);
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return cmd;
    }
    if (args.length == 0 || args.length == 1 && (args[0].equals("--help")
        || args[0].equals("-h"))) {
      for (Map.Entry<String, Class<?>> s : SUBCOMMANDS) {
        if (s.getKey().equals("help")) {
          cmd.addSubcommand(s.getKey(), s.getValue());
        } else {
          cmd.addSubcommand(s.getKey(), summary(s.getKey(), s.getValue()));
        }
      }
      return cmd;
    }
    for (Map.Entry<String, Class<?>> s : SUBCOMMANDS) {
      if (args.length > 0 && args[0].equals(s.getKey()) && !s.getKey().equals("help")) {
        return cmd.addSubcommand(s.getKey(), s.getValue());
      }
    }
    for (Map.Entry<String, Class<?>> s : SUBCOMMANDS) {
      cmd.addSubcommand(s.getKey(), s.getValue());
    }
    return cmd;
  }

  /**
   * Subcommand {@code name} as the root's usage lists it, its name and description from its
   * {@code @Command}, without the model of its options that picocli builds by reflection (the
   * usage never shows those; building all of them was 0.23 s of a 0.51 s {@code --help}).
   */
  private static CommandLine.Model.CommandSpec summary(String name, Class<?> command) {
    Command c = command.getAnnotation(Command.class);
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(name);
    spec.usageMessage().description(c.description());
    return spec;
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
