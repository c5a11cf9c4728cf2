package dev.denali.emu.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.denali.emu.Console;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.Vm;
import dev.denali.emu.semantics.Engines;
import dev.denali.emu.semantics.Guest;
import dev.denali.emu.semantics.TestClock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random mutations of valid guest binaries (bit flips, bytes and words overwritten with hostile
 * patterns, bytes inserted and deleted): loading either succeeds or throws {@link
 * LoadException}, never anything else, and finishes quickly. A mutant that loads is also run
 * for a few thousand instructions on every engine: whatever it does ends in a {@link
 * Runner.Result}, never in an exception.
 */
class LoaderFuzzTest {
  private static final Duration PER_TRY = Duration.ofSeconds(5);
  private static final int[] WORDS = {0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 0, 1, 0x10000,
      0x3FFFFFFF, 0x40000000};

  /** Valid binaries to mutate: with and without a note, with several segments or one. */
  private static final List<byte[]> BASES = List.of(
      LoaderTest.VALID,
      Guest.elf(".text\n.globl _start\n_start:\n li a0, 7\n d.exit a0\n", Map.of()),
      Guest.elf("""
          .text
          .globl _start
          _start:
              la t0, table
              lw a0, 4(t0)
              la t1, buf
              sw a0, 0(t1)
              li t2, 1000
          1:  addi t2, t2, -1
              bnez t2, 1b
              d.exit a0
          .rodata
          table: .word 1, 2, 3
          .bss
          buf: .zero 8192
          """, Map.of("memory", "1M", "stack", "64K", "service", "fuzz")));

  /** One mutation: a kind, a position (as a fraction of the length) and a value. */
  record Mutation(int kind, double where, boolean inHeaders, int value, int length) {
    byte[] apply(byte[] in) {
      int span = inHeaders ? Math.min(in.length, 0x140) : in.length;
      int at = Math.min(in.length - 1, (int) (where * span));
      if (in.length == 0) {
        return in;
      }
      byte[] out;
      switch (kind) {
        case 0 -> { // flip one bit
          out = in.clone();
          out[at] ^= (byte) (1 << (value & 7));
        }
        case 1 -> { // one byte: 0x00 or 0xFF or random
          out = in.clone();
          out[at] = (byte) (value % 3 == 0 ? 0 : value % 3 == 1 ? 0xFF : value >> 8);
        }
        case 2 -> { // one aligned word: a hostile pattern
          out = in.clone();
          int w = Math.max(0, Math.min(in.length - 4, at & ~3));
          if (in.length >= 4) {
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(w,
                WORDS[Math.floorMod(value, WORDS.length)]);
          }
        }
        case 3 -> { // insert bytes
          int n = 1 + Math.floorMod(length, 16);
          out = new byte[in.length + n];
          System.arraycopy(in, 0, out, 0, at);
          Arrays.fill(out, at, at + n, (byte) value);
          System.arraycopy(in, at, out, at + n, in.length - at);
        }
        case 4 -> { // delete bytes
          int n = Math.min(in.length - at, 1 + Math.floorMod(length, 64));
          out = new byte[in.length - n];
          System.arraycopy(in, 0, out, 0, at);
          System.arraycopy(in, at + n, out, at, in.length - at - n);
        }
        default -> { // truncate
          out = Arrays.copyOf(in, at);
        }
      }
      return out;
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(Arbitraries.integers().between(0, 5),
        Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 9).map(n -> n < 8),
        Arbitraries.integers(), Arbitraries.integers().between(0, 1000))
        .as(Mutation::new);
  }

  @Provide
  Arbitrary<List<Mutation>> mutationLists() {
    return mutations().list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
  void mutantsLoadOrAreRefusedAndNeverCrash(@ForAll("mutationLists") List<Mutation> ms,
      @ForAll("base") int base) {
    byte[] elf = BASES.get(base);
    for (Mutation m : ms) {
      elf = m.apply(elf);
    }
    byte[] mutant = elf;
    // Runs on another thread (preemptive timeout): returns what happened, for the statistics.
    List<String> outcomes = assertTimeoutPreemptively(PER_TRY, () -> {
      GuestProgram p;
      try {
        p = ProgramLoader.load("mutant", mutant);
      } catch (LoadException e) {
        assertThat(e.getMessage()).isNotBlank();
        return List.of();
      }
      return Engines.all().stream().map(engine -> runBriefly(p, engine).outcome().name())
          .toList();
    }, () -> "mutations " + ms);
    Statistics.label("load").collect(outcomes.isEmpty() ? "refused" : "loaded");
    outcomes.forEach(o -> Statistics.label("run").collect(o));
  }

  @Provide
  Arbitrary<Integer> base() {
    return Arbitraries.integers().between(0, BASES.size() - 1);
  }

  /**
   * Runs a loaded mutant for at most 5,000 instructions with a clock that jumps ahead, so that
   * d.idle never really sleeps; any outcome is fine.
   */
  static Runner.Result runBriefly(GuestProgram p, Engine engine) {
    Vm vm = new Vm(p, 1, Console.DISCARD, TestClock.ticking(1L << 31));
    Runner.Result r = new Runner(engine, new Runner.Options(5_000, 200_000_000L, 1_000, null,
        0), TestClock.ticking(1L << 31)).run(vm);
    assertThat(r.outcome()).isNotNull();
    assertThat(r.retired()).isBetween(0L, 5_000L);
    if (r.outcome() == Runner.Outcome.FAULTED) {
      assertThat(r.fault().report(vm.registers())).contains("guest fault");
    }
    return r;
  }
}
