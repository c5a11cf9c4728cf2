package dev.denali.perf.suite;

import java.util.Objects;

/**
 * What one run of a program showed: its exit status, everything it printed, the guest
 * instructions it retired ({@link #UNKNOWN} where nobody counts them: qemu, native), and the
 * fault report when a guest faulted instead of exiting (null otherwise).
 */
public record Behaviour(int exitStatus, String output, long retired, String fault) {
  /** The retired count of a run that does not count instructions. */
  public static final long UNKNOWN = -1;

  /** A run that exited with {@code exitStatus} after printing {@code output}. */
  public static Behaviour exited(int exitStatus, String output, long retired) {
    return new Behaviour(exitStatus, output, retired, null);
  }

  /**
   * Whether {@code other} shows the same: exit status, output, fault, and the retired count
   * when both counted it.
   */
  public boolean agreesWith(Behaviour other) {
    return exitStatus == other.exitStatus && output.equals(other.output)
        && Objects.equals(fault, other.fault)
        && (retired == UNKNOWN || other.retired == UNKNOWN || retired == other.retired);
  }

  /** One line: exit status, output (quoted, escaped), retired, fault. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("exit ").append(exitStatus).append(", printed \"")
        .append(output.replace("\\", "\\\\").replace("\n", "\\n")).append('"');
    if (retired != UNKNOWN) {
      sb.append(", ").append(retired).append(" instructions");
    }
    if (fault != null) {
      sb.append(", FAULT ").append(fault.strip().replace("\n", " | "));
    }
    return sb.toString();
  }
}
