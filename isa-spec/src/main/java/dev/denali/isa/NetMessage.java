package dev.denali.isa;

/**
 * The messages that carry TCP connections between the kernel's gateway and a guest, through the
 * virtual NIC (ISA manual, "Network messages"). A connection is a flow with a 32-bit id; every
 * message starts with an 8-byte header: the kind at byte 0, zero in bytes 1..3, the flow id
 * (little-endian) at byte 4. DATA carries bytes of the stream after the header; OPEN and CLOSE
 * carry nothing. Guests never see host addresses or ports.
 */
public final class NetMessage {
  private NetMessage() {}

  /** The largest message either way, header included (the NET_MTU virtual register). */
  public static final int MTU = 8192;
  /** Bytes of the header. */
  public static final int HEADER_BYTES = 8;
  /** Offset of the kind byte. */
  public static final int KIND_OFFSET = 0;
  /** Offset of the flow id (u32, little-endian). */
  public static final int FLOW_OFFSET = 4;
  /** Kernel to guest: a client connected; the flow id is new. */
  public static final int OPEN = 1;
  /** Either way: bytes of the stream follow the header. */
  public static final int DATA = 2;
  /** Kernel to guest: the client closed (or reset) the connection. Guest to kernel: close it
   * once every DATA sent before has been written. */
  public static final int CLOSE = 3;
}
