package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.isa.OpcodeIds;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A program's text translated into regions: {@code regionAt(i)} is the region that has block
 * leader i as an entry, or null. Belongs to the {@link Code}, so every VM running the program
 * shares it; the regions are hidden classes, unloaded with the program.
 */
public final class CompiledCode {
  /**
   * Estimated bytecode bytes per region: far below C2's 8000-byte huge-method limit, and small
   * enough that C1 compiles every region (bigger ones ran out of registers in its linear scan).
   */
  static final int REGION_BYTES = 2500;
  private static final AtomicLong COUNTER = new AtomicLong();

  private final Region[] entries;
  private final int regions;
  private final long nanos;

  private CompiledCode(Region[] entries, int regions, long nanos) {
    this.entries = entries;
    this.regions = regions;
    this.nanos = nanos;
  }

  /** The translation of {@code code}, made on first use and then shared. */
  public static CompiledCode of(Code code) {
    Object t = code.translation();
    if (t instanceof CompiledCode cc) {
      return cc;
    }
    synchronized (code) {
      t = code.translation();
      if (t instanceof CompiledCode cc) {
        return cc;
      }
      CompiledCode cc = translate(code);
      code.translation(cc);
      return cc;
    }
  }

  public Region regionAt(int index) {
    return entries[index];
  }

  /** Number of regions (generated classes). */
  public int regions() {
    return regions;
  }

  /** Time spent translating, in nanoseconds. */
  public long translationNanos() {
    return nanos;
  }

  private static CompiledCode translate(Code code) {
    long t0 = System.nanoTime();
    int n = code.length();
    Region[] entries = new Region[n];
    int count = 0;
    int start = 0;
    while (start < n) {
      int end = start;
      int bytes = 400;
      while (end < n) {
        int len = code.runLength()[end];
        int cost = 30;
        for (int k = end; k < end + len; k++) {
          cost += estimate(code.code()[k]);
        }
        if (end > start && bytes + cost > REGION_BYTES) {
          break;
        }
        bytes += cost;
        end += len;
      }
      Region region = define(code, start, end);
      count++;
      for (int k = start; k < end; k++) {
        if (code.isLeader(k)) {
          entries[k] = region;
        }
      }
      start = end;
    }
    return new CompiledCode(entries, count, System.nanoTime() - t0);
  }

  /** Bytecode bytes an instruction may take, generously. */
  private static int estimate(long c) {
    return switch (Code.op(c)) {
      case OpcodeIds.LB, OpcodeIds.LH, OpcodeIds.LW, OpcodeIds.LBU, OpcodeIds.LHU,
          OpcodeIds.SB, OpcodeIds.SH, OpcodeIds.SW -> 60;
      case OpcodeIds.JALR, OpcodeIds.D_IRET -> 90;
      case OpcodeIds.BEQ, OpcodeIds.BNE, OpcodeIds.BLT, OpcodeIds.BGE, OpcodeIds.BLTU,
          OpcodeIds.BGEU, OpcodeIds.JAL -> 40;
      case OpcodeIds.ECALL -> 280;
      case OpcodeIds.CSRRS -> 40;
      default -> Code.op(c) >= OpcodeIds.D_EXIT ? 320 : 16;
    };
  }

  private static Region define(Code code, int start, int end) {
    String name = CompiledCode.class.getPackageName().replace('.', '/') + "/Region$"
        + COUNTER.incrementAndGet();
    byte[] bytes = new RegionCompiler(code, start, end, name).compile();
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
      return (Region) lookup.findConstructor(lookup.lookupClass(),
          java.lang.invoke.MethodType.methodType(void.class)).invoke();
    } catch (Throwable e) {
      throw new IllegalStateException("BUG: cannot define region " + start + ".." + end, e);
    }
  }

  /** The class file of one region, for tests and dumps. */
  static byte[] classFile(Code code, int start, int end) {
    return new RegionCompiler(code, start, end, "dev/denali/emu/jit/RegionDump").compile();
  }
}
