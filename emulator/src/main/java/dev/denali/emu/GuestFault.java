package dev.denali.emu;

/**
 * Thrown inside an engine when a guest access faults, to leave the fast path at once; the engine
 * catches it and records a {@link Fault}. Never crosses the {@link Engine} boundary. Carries no
 * stack trace, so throwing it is cheap; the details are in the VM.
 */
public final class GuestFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The one instance: the cause and address are recorded in the VM before it is thrown. */
  public static final GuestFault INSTANCE = new GuestFault();

  private GuestFault() {
    super("guest fault", null, false, false);
  }
}
