package dev.denali.kernel;

/**
 * Told when VMs fault or end, so that what depends on them (the gateway's flows) can be cleaned
 * up. Called on kernel threads with the VM locked: be quick and do not call back into the kernel
 * for that VM.
 */
public interface VmListener {
  /**
   * VM {@code id} ended: exited, faulted with no restart left ({@code state} says which), or was
   * destroyed ({@link VmState#DESTROYED}, told also of a VM that had ended before).
   */
  void ended(int id, VmState state);

  /** VM {@code id} faulted; whatever it was doing is lost (it may be restarted afresh). */
  default void faulted(int id, String fault) {}
}
