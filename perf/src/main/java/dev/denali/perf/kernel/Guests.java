package dev.denali.perf.kernel;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.LoadException;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import java.util.List;
import java.util.Map;

/**
 * The sample guests of the kernel harnesses, in assembly, and how to load them. Each VM gets
 * {@code memory} bytes (default 128K, with a 16K stack), like the kernel tests.
 */
final class Guests {
  private Guests() {}

  /** Interrupt bit the throughput guests treat as "exit with your counter". */
  static final int STOP = 1 << 31;
  /** Event bits the throughput driver may use (1..29; bit 0 is the timer). */
  static final int EVENT_BITS = 29;

  /**
   * Wakes every {@code periodMicros} on its idle timeout, runs a loop of {@code work} iterations
   * (2 instructions each), and idles again; forever.
   */
  static String ticker(long periodMicros, int work) {
    return """
        _start:
            li s1, %d
        1:  d.idle a0, s1
            li t0, %d
        2:  addi t0, t0, -1
            bnez t0, 2b
            j 1b
        """.formatted(periodMicros, work);
  }

  /** Idles until an interrupt, clears it, idles again; forever. Touches {@code touchBytes} first. */
  static String sleeper(int touchBytes) {
    return """
        _start:
            la s0, buf
            li s1, %d
            li s2, 12345
            li s3, 1103515245
        fill:
            beqz s1, idle
            mul s2, s2, s3
            addi s2, s2, 1
            sw s2, 0(s0)
            addi s0, s0, 4
            addi s1, s1, -1
            j fill
        idle:
            li t0, 0x1000
            li a1, -1
            d.idle a0, a1
            lw t1, 0x18(t0)
            sw t1, 0x18(t0)
            j idle
            .bss
        buf: .space %d
        """.formatted(touchBytes / 4, Math.max(4, touchBytes));
  }

  /**
   * Never idles: a CPU-bound loop of 6 instructions (a xorshift step stored to memory, so the
   * JIT cannot fold the loop away).
   */
  static final String SPIN = """
      _start:
          la s0, cell
          li t0, 1
      1:  slli t1, t0, 13
          xor t0, t0, t1
          srli t1, t0, 17
          xor t0, t0, t1
          sw t0, 0(s0)
          j 1b
          .data
      cell: .word 0
      """;

  /**
   * A wake-up latency probe: sleeps once for 50 ms + (VM_ID mod 1000) x 100 us (so probes spread
   * over 100 ms) and exits with how many microseconds after its deadline it ran again, by its own
   * clock (rdtime).
   */
  static final String PROBE = """
      _start:
          li t0, 0x1000
          lw t1, 0x0c(t0)        # VM_ID
          li t2, 1000
          remu t1, t1, t2
          li t2, 100
          mul t1, t1, t2
          li t2, 50000
          add a1, t1, t2         # timeout, us
          rdtime s0
          add s0, s0, a1         # deadline
          d.idle a0, a1
          rdtime s1
          sub a0, s1, s0
          d.exit a0
      """;

  /**
   * The throughput guest, idle-with-timeout flavour: idles (timeout {@code timeoutMicros}, -1:
   * none); for each event bit pending (bits 1..29) runs a loop of {@code work} iterations and
   * counts one unit; STOP (bit 31) exits with the count, before counting anything else it saw.
   */
  static String idleWorker(long timeoutMicros, int work) {
    return """
        _start:
            li s0, 0x1000
            li s1, %d
            li s2, 0                 # units done
            li s3, %d                # event mask
        top:
            d.idle a0, s1
        handle:
            lw t0, 0x18(s0)
            sw t0, 0x18(s0)          # clear what we saw
            bltz t0, stop            # bit 31
            and t0, t0, s3
        unit:
            beqz t0, top
            addi t1, t0, -1
            and t0, t0, t1
            li t2, %d
        work:
            addi t2, t2, -1
            bnez t2, work
            addi s2, s2, 1
            j unit
        stop:
            d.exit s2
        """.formatted(timeoutMicros, eventMask(), work);
  }

  /** The throughput guest, polling flavour: spins reading PENDING instead of idling. */
  static String pollWorker(int work) {
    return """
        _start:
            li s0, 0x1000
            li s2, 0
            li s3, %d
        top:
            lw t0, 0x18(s0)
            beqz t0, top
            sw t0, 0x18(s0)
            bltz t0, stop
            and t0, t0, s3
        unit:
            beqz t0, top
            addi t1, t0, -1
            and t0, t0, t1
            li t2, %d
        work:
            addi t2, t2, -1
            bnez t2, work
            addi s2, s2, 1
            j unit
        stop:
            d.exit s2
        """.formatted(eventMask(), work);
  }

  /** Bits 1..29. */
  static int eventMask() {
    return ((1 << (EVENT_BITS + 1)) - 1) & ~1;
  }

  /** A memory setting in bytes: 128K, 1M, 65536. */
  static long bytes(String setting) {
    String t = setting.trim().toUpperCase();
    long mul = t.endsWith("K") ? 1 << 10 : t.endsWith("M") ? 1 << 20 : 1;
    return Long.parseLong(mul == 1 ? t : t.substring(0, t.length() - 1)) * mul;
  }

  /** Assembles {@code source} with {@code memory} bytes per VM and a 16K stack. */
  static byte[] elf(String source, String memory) {
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("guest.s", source)),
        AssemblerOptions.defaults().withSettings(Map.of("memory", memory, "stack", "16K")));
    if (!r.ok()) {
      throw new IllegalStateException("BUG: a harness guest does not assemble:\n"
          + r.formatDiagnostics());
    }
    return r.elf();
  }

  static Binary load(Kernel k, String name, String source, String memory) {
    try {
      return k.load(name, elf(source, memory));
    } catch (LoadException e) {
      throw new IllegalStateException("BUG: a harness guest does not load: " + e.getMessage(), e);
    }
  }
}
