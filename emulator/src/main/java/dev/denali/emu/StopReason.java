package dev.denali.emu;

/**
 * Why an engine returned from {@link Engine#run}. Details (exit status, fault, idle timeout) are
 * in the {@link Vm}.
 */
public enum StopReason {
  /** The instruction budget is used up; the VM can simply be run again. */
  BUDGET,
  /** The guest executed d.idle; see {@link Vm#idleTimeoutMicros()}. */
  IDLE,
  /** The guest exited (d.exit, or the exit ecalls); see {@link Vm#exitStatus()}. */
  EXITED,
  /** The guest faulted; see {@link Vm#fault()}. The VM cannot run again. */
  FAULTED
}
