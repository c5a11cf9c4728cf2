package dev.denali.isa;

/**
 * The ecall services (manual, "ecall services"): a7 holds the number, a0..a5 the arguments, a0
 * the result. Numbers and meanings are Linux RISC-V's, so a freestanding binary that uses only
 * these runs the same under Denali and under qemu-riscv32. Any other number returns -ENOSYS.
 */
public enum Ecall {
  WRITE(64, "write(fd = a0, buf = a1, count = a2): fd 1 and 2 go to the console; a0 = bytes or -errno"),
  EXIT(93, "exit(status = a0): terminate the VM"),
  EXIT_GROUP(94, "exit_group(status = a0): same as exit"),
  CLOCK_GETTIME64(403,
      "clock_gettime64(clock = a0, ts = a1): CLOCK_REALTIME (0) or CLOCK_MONOTONIC (1); "
          + "stores {s64 seconds, s64 nanoseconds}; a0 = 0 or -errno");

  private final int number;
  private final String meaning;

  Ecall(int number, String meaning) {
    this.number = number;
    this.meaning = meaning;
  }

  public int number() {
    return number;
  }

  public String meaning() {
    return meaning;
  }

  /** The service with this number, or null (the guest then gets -ENOSYS). */
  public static Ecall byNumber(int number) {
    for (Ecall e : values()) {
      if (e.number == number) {
        return e;
      }
    }
    return null;
  }

  public static final int CLOCK_REALTIME = 0;
  public static final int CLOCK_MONOTONIC = 1;
}
