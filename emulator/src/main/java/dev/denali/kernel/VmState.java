package dev.denali.kernel;

/** Where a VM is in its life; {@link Kernel#list()} shows it. */
public enum VmState {
  /** Made, never started. */
  CREATED,
  /** Waiting in the run queue for a worker. */
  RUNNABLE,
  /** On a worker thread now. */
  RUNNING,
  /** In d.idle, resident: waiting for its timeout or an interrupt. */
  IDLE,
  /** Being written to disk; an event now keeps it resident. */
  HIBERNATING,
  /** Idle, with its state on disk and its memory freed. */
  HIBERNATED,
  /** Being read back from disk because an event arrived. */
  RESTORING,
  /** Faulted; waits out its back-off before the restart policy starts it again. */
  BACKOFF,
  /** Stopped by the operator; {@link Kernel#start} resumes it. */
  STOPPED,
  /** Ended by its own exit. */
  EXITED,
  /** Ended by a fault, with no restart left. */
  FAULTED,
  /** Gone: its memory and snapshot are freed. */
  DESTROYED;

  /** True when the VM can never run again. */
  public boolean ended() {
    return this == EXITED || this == FAULTED || this == DESTROYED;
  }

  /** True when the VM's memory is on disk rather than in the heap. */
  public boolean onDisk() {
    return this == HIBERNATED || this == RESTORING;
  }
}
