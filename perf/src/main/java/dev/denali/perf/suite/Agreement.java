package dev.denali.perf.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * The cross-checks of one program: the first run (on the interpreter) is the reference, which
 * must have passed the program's own check (exit 0, the {@link SuitePrograms#RESULT_LINE});
 * every later run, on any engine, under qemu or natively, must show the same behaviour
 * ({@link Behaviour#agreesWith}). Each difference is printed on stderr at once, loudly, and kept
 * for the summary; a harness that found any exits non-zero.
 */
public final class Agreement {
  private final String program;
  private Behaviour reference;
  private String referenceSource;
  private final List<String> problems = new ArrayList<>();

  public Agreement(String program) {
    this.program = program;
  }

  /** Checks a run of {@code source} ("interp run 1", "qemu-riscv32 run 3", "native"). */
  public void check(String source, Behaviour b) {
    if (reference == null) {
      reference = b;
      referenceSource = source;
      if (b.exitStatus() != 0 || b.fault() != null
          || !SuitePrograms.RESULT_LINE.matcher(b.output()).matches()) {
        problem("its own check failed on " + source + ": " + b.describe());
      }
      return;
    }
    if (!reference.agreesWith(b)) {
      problem(source + " disagrees with " + referenceSource + ":\n    " + referenceSource
          + ": " + reference.describe() + "\n    " + source + ": " + b.describe());
    }
  }

  /** Records a problem that is not a comparison (a baseline that could not run, ...). */
  public void problem(String what) {
    String text = program + ": " + what;
    problems.add(text);
    System.err.println("*** MISMATCH *** " + text);
    System.err.flush();
  }

  /** The reference behaviour (the first run checked), or null before any. */
  public Behaviour reference() {
    return reference;
  }

  /** Every problem found so far, each starting with the program's name. */
  public List<String> problems() {
    return List.copyOf(problems);
  }
}
