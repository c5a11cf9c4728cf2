package dev.denali.emu;

/**
 * The one boundary between whoever schedules VMs and an execution engine (interpreter or JIT):
 * run this VM for at most {@code budget} guest instructions and say why it stopped. Nothing is
 * thrown across it for anything a guest does; the VM's state is complete and consistent when it
 * returns (pc, registers, retired-instruction count), so another engine could continue it.
 */
public interface Engine {
  /** A short name for reports ("interp", "jit"). */
  String name();

  /**
   * Runs {@code vm} from its pc for at most {@code budget} instructions (budget &gt; 0).
   *
   * @return why it stopped; a VM that stopped with EXITED or FAULTED must not be run again
   */
  StopReason run(Vm vm, long budget);
}
