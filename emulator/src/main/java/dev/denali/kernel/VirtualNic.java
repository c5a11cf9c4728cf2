package dev.denali.kernel;

import dev.denali.emu.Nic;
import dev.denali.isa.NetMessage;
import dev.denali.isa.VirtualRegisters;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A VM's virtual NIC in the kernel: a receive queue bounded in bytes, filled by the gateway from
 * any thread and drained by the guest's d.net.recv, and a transmit path to the kernel's {@link
 * NetSink}. It belongs to the VM's kernel record, not to the machine, so messages wait here
 * while the VM is hibernated (their arrival wakes it).
 */
final class VirtualNic implements Nic {
  private final Kernel kernel;
  private final int vmId;
  private final long limit;
  private final ConcurrentLinkedQueue<byte[]> inbound = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  volatile long received;
  volatile long sent;
  volatile long refused;

  VirtualNic(Kernel kernel, int vmId, long limit) {
    this.kernel = kernel;
    this.vmId = vmId;
    this.limit = limit;
  }

  @Override
  public int mtu() {
    return NetMessage.MTU;
  }

  @Override
  public byte[] peek() {
    return inbound.peek();
  }

  @Override
  public void take() {
    byte[] m = inbound.poll();
    if (m != null) {
      long now = queuedBytes.addAndGet(-m.length);
      received++;
      if (now < limit / 2 && now + m.length >= limit / 2) {
        kernel.netSink().drained(vmId);
      }
    }
  }

  @Override
  public boolean transmit(byte[] message) {
    if (kernel.netSink().transmit(vmId, message)) {
      sent++;
      return true;
    }
    refused++;
    return false;
  }

  /**
   * Queues a message for the guest and raises IRQ_NET. Returns false (and queues nothing) when
   * the message is larger than the MTU or the queue would pass its byte limit.
   */
  boolean deliver(byte[] message, boolean defer) {
    if (message.length > NetMessage.MTU) {
      return false;
    }
    long now = queuedBytes.addAndGet(message.length);
    if (now > limit) {
      queuedBytes.addAndGet(-message.length);
      return false;
    }
    inbound.add(message);
    if (defer) {
      kernel.raiseDeferred(vmId, VirtualRegisters.IRQ_NET);
    } else {
      kernel.raise(vmId, VirtualRegisters.IRQ_NET);
    }
    return true;
  }

  /** Drops every queued message (the VM that would read them is gone). */
  void clear() {
    byte[] m;
    while ((m = inbound.poll()) != null) {
      queuedBytes.addAndGet(-m.length);
    }
  }

  /** Bytes waiting for the guest. */
  long queuedBytes() {
    return queuedBytes.get();
  }
}
