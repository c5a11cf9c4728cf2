package dev.denali.perf.c;

import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.interp.Interpreter;
import dev.denali.emu.jit.JitEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Harness: the C kernels (by default {@code workload}) on the interpreter, on the JIT and in plain
 * Java, in one process, and natively (gcc -O2 for the host, in a child process) when a host gcc
 * is there. Prints median times, guest MIPS, the JIT's speed-up over the interpreter, JIT/Java,
 * and each engine's speed as a percentage of native; checks that interpreter, JIT, Java and
 * native agree (exit status, printed CRC line, and retired instructions between the engines).
 *
 * <pre>
 *   taskset -c 0 java -cp perf/target/denali-perf.jar dev.denali.perf.c.CKernelReport [runs] [kernel...]
 * </pre>
 *
 * <p>Run from the repository root (or pass {@code -Ddenali.root=...}); needs
 * {@code riscv64-unknown-elf-gcc}. {@code -Ddenali.native=false} skips the native baseline.
 */
public final class CKernelReport {
  private CKernelReport() {}

  /** One kernel's measurements; javaMs and nativeMs are NaN when there is no such baseline. */
  record Row(String kernel, long instructions, int status, double interpMs, double jitMs,
      double javaMs, double nativeMs, String checks) {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
        : List.of(CKernels.WORKLOAD);
    List<Row> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(measure(name, runs));
    }
    System.out.print(table(rows, runs));
  }

  static Row measure(String name, int runs) {
    Engine interp = new Interpreter();
    Engine jit = new JitEngine();
    GuestProgram program = CKernels.load(name);
    List<String> checks = new ArrayList<>();

    long[] i0 = CKernels.run(program, interp);
    long[] j0 = CKernels.run(program, jit);
    String interpOut = CKernels.output(program, interp);
    String jitOut = CKernels.output(program, jit);
    if (i0[0] != j0[0] || i0[1] != j0[1] || !interpOut.equals(jitOut)) {
      throw new IllegalStateException(name + ": the engines differ: interpreter exit " + i0[0]
          + ", " + i0[1] + " instructions, printed " + quote(interpOut) + "; JIT exit " + j0[0]
          + ", " + j0[1] + " instructions, printed " + quote(jitOut));
    }
    checks.add("interpreter = JIT (exit " + i0[0] + ", " + String.format(Locale.ROOT, "%,d",
        i0[1]) + " instructions, output " + quote(interpOut.strip()) + ")");

    IntSupplier twin = CKernels.javaTwin(name);
    if (twin != null) {
      int expected = twin.getAsInt();
      if (expected != i0[0]) {
        throw new IllegalStateException(name + ": guest exit " + i0[0] + ", Java " + expected);
      }
      if (name.equals(CKernels.WORKLOAD) && !JavaWorkload.output().equals(interpOut)) {
        throw new IllegalStateException(name + ": guest printed " + quote(interpOut)
            + ", Java computes " + quote(JavaWorkload.output()));
      }
      checks.add("= Java");
    }

    StringBuilder why = new StringBuilder();
    Optional<NativeBench.Result> nat = NativeBench.measure(name, Math.max(2 * runs, 11), why);
    if (nat.isPresent()) {
      if (!nat.get().output().equals(interpOut) || nat.get().exitStatus() != i0[0]) {
        throw new IllegalStateException(name + ": native printed " + quote(nat.get().output())
            + " and exited " + nat.get().exitStatus() + "; the guest printed "
            + quote(interpOut) + " and exited " + i0[0]);
      }
      checks.add("= native");
    } else {
      checks.add("(no native baseline: " + why + ")");
    }

    double interpMs = median(runs, () -> CKernels.run(program, interp)[0]);
    double jitMs = median(runs, () -> CKernels.run(program, jit)[0]);
    double javaMs = twin == null ? Double.NaN : median(runs, twin::getAsInt);
    return new Row(name, i0[1], (int) i0[0], interpMs, jitMs, javaMs,
        nat.map(NativeBench.Result::medianMs).orElse(Double.NaN), String.join(" ", checks));
  }

  static String table(List<Row> rows, int runs) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "C kernels, riscv64-unknown-elf-gcc -O2; median of %d"
        + " runs after %d warm-up runs (native: median of %d runs)%n", runs, runs,
        Math.max(2 * runs, 11)));
    sb.append(String.format(Locale.ROOT, "%-9s %13s %10s %6s %9s %6s %9s %9s %8s %8s %9s %9s%n",
        "kernel", "guest insns", "interp ms", "MIPS", "jit ms", "MIPS", "java ms", "native ms",
        "jit/java", "speedup", "jit/nat%", "int/nat%"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT,
          "%-9s %,13d %10.2f %6.0f %9.2f %6.0f %9s %9s %8s %7.1fx %9s %9s%n", r.kernel(),
          r.instructions(), r.interpMs(), mips(r.instructions(), r.interpMs()), r.jitMs(),
          mips(r.instructions(), r.jitMs()), num(r.javaMs(), "%.2f"),
          num(r.nativeMs(), "%.2f"), num(r.jitMs() / r.javaMs(), "%.2fx"),
          r.interpMs() / r.jitMs(), num(100 * r.nativeMs() / r.jitMs(), "%.1f%%"),
          num(100 * r.nativeMs() / r.interpMs(), "%.2f%%")));
    }
    for (Row r : rows) {
      sb.append(r.kernel()).append(": ").append(r.checks()).append(System.lineSeparator());
    }
    sb.append("jit/java: JIT time / plain-Java time (lower is better); speedup: interpreter"
        + " time / JIT time; jit/nat%, int/nat%: speed as a percentage of native gcc -O2")
        .append(System.lineSeparator());
    return sb.toString();
  }

  private static double mips(long instructions, double ms) {
    return instructions / (ms / 1e3) / 1e6;
  }

  private static String num(double x, String format) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, format, x);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  /** Keeps results alive. */
  static volatile long sink;

  /** Median wall time in ms of {@code runs} runs after as many warm-up runs. */
  static double median(int runs, LongSupplier r) {
    for (int i = 0; i < runs; i++) {
      sink += r.getAsLong();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      sink += r.getAsLong();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }
}
