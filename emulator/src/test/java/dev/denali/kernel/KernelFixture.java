package dev.denali.kernel;

import static org.assertj.core.api.Assertions.fail;

import dev.denali.emu.LoadException;
import dev.denali.emu.semantics.Guest;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Guests and helpers for the kernel tests. Guests get 128 KiB of memory so thousands fit. */
final class KernelFixture {
  private KernelFixture() {}

  /** Never ends: a CPU-bound loop. */
  static final String SPIN = """
      _start:
          addi t0, t0, 1
          j _start
      """;

  /** Idles for (VM id x 100) microseconds, then exits with the bits that woke it (0: timeout). */
  static final String SLEEPER = """
      _start:
          li t0, 0x1000
          lw a1, 0x0c(t0)        # VM_ID
          li t1, 100
          mul a1, a1, t1
          d.idle a0, a1
          d.exit a0
      """;

  /** Exits with 7 after a little work. */
  static final String SHORT = """
      _start:
          li t0, 1000
      1:  addi t0, t0, -1
          bnez t0, 1b
          li a0, 7
          d.exit a0
      """;

  /** Faults at once: a load from the null page. */
  static final String FAULTER = """
      _start:
          lw t0, 0(zero)
          d.exit zero
      """;

  /**
   * Fills 16 KiB with a pseudo-random sequence, idles until an interrupt, then exits with a
   * checksum of that memory mixed with the generator's state: a VM that comes back from
   * hibernation with anything changed exits with another value.
   */
  static final String CHECKSUM = """
      _start:
          la s0, buf
          li s1, 4096
          li s2, 12345
          li s3, 1103515245
          li s4, 1013904223
      fill:
          mul s2, s2, s3
          add s2, s2, s4
          sw s2, 0(s0)
          addi s0, s0, 4
          addi s1, s1, -1
          bnez s1, fill
          li a1, -1
          d.idle a0, a1
          la s0, buf
          li s1, 4096
          li a0, 0
          li t2, 31
      sum:
          lw t0, 0(s0)
          mul a0, a0, t2
          add a0, a0, t0
          addi s0, s0, 4
          addi s1, s1, -1
          bnez s1, sum
          xor a0, a0, s2
          d.exit a0
          .bss
      buf: .space 16384
      """;

  static byte[] elf(String source) {
    return Guest.elf(source, Map.of("memory", "128K", "stack", "16K"));
  }

  static Binary load(Kernel k, String name, String source) {
    try {
      return k.load(name, elf(source));
    } catch (LoadException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits until {@code condition} holds, polling; fails with {@code what} after {@code max}. */
  static void await(String what, Duration max, BooleanSupplier condition) {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("timed out after " + max + " waiting for " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(60), condition);
  }

  /** Waits until VM {@code id} is in {@code state}. */
  static VmInfo awaitState(Kernel k, int id, VmState state) {
    Supplier<VmInfo> info = () -> k.info(id);
    await("VM " + id + " to be " + state, () -> info.get() != null
        && info.get().state() == state);
    return info.get();
  }
}
