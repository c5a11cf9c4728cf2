package dev.denali.kernel;

/**
 * Where the kernel's virtual NICs send (the gateway): messages the guests transmit, and the news
 * that a VM's receive queue has room again (to resume reading from its clients).
 */
public interface NetSink {
  /** VM {@code vmId} transmitted {@code message}; false when it cannot be taken now (-EAGAIN). */
  boolean transmit(int vmId, byte[] message);

  /** VM {@code vmId} drained its receive queue below half of its limit. */
  default void drained(int vmId) {}

  /** Drops everything: VMs without a gateway have nowhere to send. */
  NetSink NONE = (vmId, message) -> false;
}
