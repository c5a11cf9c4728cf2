package dev.denali.emu;

/**
 * A VM's virtual network device as its instructions see it (ISA manual, d.net.send and
 * d.net.recv): whole messages in, whole messages out. The kernel provides one per VM; in
 * single-VM mode there is none and both instructions give -ENODEV.
 */
public interface Nic {
  /** The largest message, in bytes, either way (the NET_MTU virtual register). */
  int mtu();

  /** The next received message without taking it, or null when none is queued. */
  byte[] peek();

  /** Takes the message {@link #peek} returned. */
  void take();

  /**
   * Transmits one whole message (at most {@link #mtu} bytes; the array is the device's now).
   * Returns false when the transmit queue is full and nothing was sent.
   */
  boolean transmit(byte[] message);
}
