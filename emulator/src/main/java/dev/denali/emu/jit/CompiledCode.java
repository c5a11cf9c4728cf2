package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.isa.OpcodeIds;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A program's text cut into regions, each translated on demand: {@code regionAt(i)} is the
 * translated region that has block leader i as an entry, or null (not a leader, or its region is
 * not translated yet). The cut is made once, for the whole text, when the program is first run
 * by a JIT engine; {@link #complete} translates every region (the eager JIT), {@link #shared} only
 * makes the cut and the {@link TieredEngine} translates the regions that get hot, one at a time
 * on its background thread. Belongs to the {@link Code}, so every VM running the program shares
 * it (and the heat counts of the tiered engine); the regions are hidden classes, unloaded with
 * the program.
 */
public final class CompiledCode {
  /**
   * Estimated bytecode bytes per region: far below C2's 8000-byte huge-method limit, and small
   * enough that C1 compiles every region (bigger ones ran out of registers in its linear scan).
   */
  static final int REGION_BYTES = 2500;
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Region[].class);

  private final Code code;
  /** Region number of each instruction. */
  private final int[] regionOf;
  /** First instruction of each region, and the text length at the end. */
  private final int[] starts;
  /** Per instruction: the translated region it is an entry of; written once, racily read. */
  private final Region[] entries;
  /** Per region: 0 cold, 1 queued for translation, 2 translated. */
  private final AtomicIntegerArray state;
  /**
   * Per region: how often the tiered engine's dispatcher entered it while it was interpreted
   * (racy increments: an approximate count is enough to find hot regions).
   */
  final int[] heat;
  private volatile int translated; // written under this
  private volatile long nanos; // written under this

  private CompiledCode(Code code) {
    this.code = code;
    int n = code.length();
    this.regionOf = new int[n];
    this.entries = new Region[n];
    int[] cuts = new int[n + 1];
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
      for (int k = start; k < end; k++) {
        regionOf[k] = count;
      }
      cuts[count++] = start;
      start = end;
    }
    cuts[count] = n;
    this.starts = Arrays.copyOf(cuts, count + 1);
    this.state = new AtomicIntegerArray(count);
    this.heat = new int[count];
  }

  /**
   * The translation of {@code code}: the one it has (which the tiered engine may have translated
   * only in part), or else a new one with every region translated.
   */
  public static CompiledCode of(Code code) {
    return code.translation() instanceof CompiledCode cc ? cc : complete(code);
  }

  /** The translation of {@code code} with every region translated (the eager JIT's). */
  public static CompiledCode complete(Code code) {
    CompiledCode cc = shared(code);
    if (cc.translated < cc.regionCount()) {
      cc.translateAll();
    }
    return cc;
  }

  /**
   * The shared translation of {@code code}, made on first use with no region translated; never
   * waits for a translation in progress.
   */
  public static CompiledCode shared(Code code) {
    if (code.translation() instanceof CompiledCode cc) {
      return cc;
    }
    synchronized (code) {
      if (code.translation() instanceof CompiledCode cc) {
        return cc;
      }
      CompiledCode cc = new CompiledCode(code);
      code.translation(cc);
      return cc;
    }
  }

  /** The translated region with entry {@code index}, or null. */
  public Region regionAt(int index) {
    return entries[index];
  }

  /** Number of regions translated (generated classes) so far. */
  public int regions() {
    return translated;
  }

  /** Number of regions the text is cut into. */
  public int regionCount() {
    return starts.length - 1;
  }

  /** The number of the region that holds instruction {@code index}. */
  public int regionOf(int index) {
    return regionOf[index];
  }

  /** True when region {@code r} is translated. */
  public boolean isTranslated(int r) {
    return state.get(r) == 2;
  }

  /** The numbers of the regions translated so far, in text order. */
  public int[] translatedRegions() {
    return IntStream.range(0, regionCount()).filter(this::isTranslated)
        .toArray();
  }

  /** Time spent translating so far, in nanoseconds. */
  public long translationNanos() {
    return nanos;
  }

  /** Claims region r for translation: true once, for the first caller, if it is still cold. */
  boolean claim(int r) {
    return state.compareAndSet(r, 0, 1);
  }

  /** Translates region r unless it already is; waits for a translation of it in progress. */
  synchronized void translate(int r) {
    if (state.get(r) == 2) {
      return;
    }
    long t0 = System.nanoTime();
    int start = starts[r];
    int end = starts[r + 1];
    Region region = define(code, start, end);
    for (int k = start; k < end; k++) {
      if (code.isLeader(k)) {
        ENTRIES.setRelease(entries, k, region);
      }
    }
    state.set(r, 2);
    translated++;
    nanos += System.nanoTime() - t0;
  }

  private synchronized void translateAll() {
    for (int r = 0; r < regionCount(); r++) {
      translate(r);
    }
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
