package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.GuestProgram;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A program's translation to JVM bytecode, one hidden class per guest function, made on demand
 * and shared by every VM running the program ({@link Code#translation()}); the classes, in the
 * program's own {@link ProgramClassLoader}, are unloaded with it. It maps instruction indexes to the functions that start there (translated,
 * or an {@link Untranslated} stand-in for a known entry), which generated code calls directly,
 * and to the resume points (checkpoints) where the dispatcher can enter a function in the
 * middle, and counts how hot untranslated code is for the tiered engine.
 */
public final class Translation {
  /**
   * The deepest nesting of guest calls kept on the JVM stack; a deeper call leaves to the
   * dispatcher, which runs it on an empty stack, so guest recursion of any depth runs (and the
   * JVM stack of a kernel worker is never at risk).
   */
  static final int MAX_DEPTH = 200;
  /** The simple names of the generated classes start with this (see {@link JitEngine#PIECES}). */
  static final String CLASS_PREFIX = "G";

  private static final AtomicLong COUNTER = new AtomicLong();
  private static final VarHandle FUNCTIONS = MethodHandles.arrayElementVarHandle(
      TranslatedFunction[].class);
  private static final VarHandle RESUMES = MethodHandles.arrayElementVarHandle(Resume[].class);

  /**
   * A resume point: function {@code f}, piece number {@code piece}, and point (a resume point
   * number, or {@code ~entry} of the piece's body method).
   */
  record Resume(TranslatedFunction f, int piece, int point) {}

  final Code code;
  final ProgramMap map;
  final int writableBase;
  /**
   * The program's read-only image (text and constants), a constant of every generated class,
   * and what to add to a writable-memory offset to index it.
   */
  final byte[] readOnly;
  final int readOnlyDelta;
  /**
   * Per instruction: the function that starts there (translated, or an {@link Untranslated}
   * stand-in for a known entry), else null. Generated code calls through it (see JitContext).
   */
  final TranslatedFunction[] functions;
  private final Resume[] resumes;
  private final Map<Integer, FunctionGraph> graphs = new HashMap<>();
  private final Map<Integer, Integer> mod = new HashMap<>();
  /**
   * Per instruction: a function starting there was claimed for translation. Read without the
   * lock by {@link #claimedAlready}, where a stale false only costs taking it.
   */
  private final boolean[] claimed;
  /**
   * Per function entry: instructions interpreted in code it owns (racy, saturating counts: an
   * approximate count is enough to find hot functions).
   */
  private final int[] heat;
  /** Instructions reached by indirect calls that no function starts at (racily set). */
  private final boolean[] dynamicEntry;
  private volatile int translated;
  private volatile long nanos;
  private volatile long bytecodeBytes;

  private Translation(GuestProgram p) {
    this.code = p.code();
    this.map = new ProgramMap(code, (p.entry() - code.base()) >> 2);
    this.writableBase = p.writableBase();
    this.readOnly = p.sharedReadOnlyImage();
    this.readOnlyDelta = p.writableBase() - p.readOnlyBase();
    int n = code.length();
    this.functions = new TranslatedFunction[n];
    for (int e : map.entries()) {
      functions[e] = new Untranslated(code.base() + 4 * e);
    }
    this.resumes = new Resume[n];
    this.heat = new int[n];
    this.dynamicEntry = new boolean[n];
    this.claimed = new boolean[n];
  }

  /** The translation of {@code p}, made (with nothing translated yet) on first use. */
  public static Translation of(GuestProgram p) {
    Code code = p.code();
    if (code.translation() instanceof Translation t) {
      return t;
    }
    synchronized (code) {
      if (code.translation() instanceof Translation t) {
        return t;
      }
      Translation t = new Translation(p);
      code.translation(t);
      return t;
    }
  }

  /** The translation of {@code p} with every function it knows of translated (the eager JIT). */
  public static Translation complete(GuestProgram p) {
    Translation t = of(p);
    if (!t.completed) {
      t.translateAll();
    }
    return t;
  }

  private volatile boolean completed;
  /** Defines this program's classes into its own class loader (made at the first). */
  private MethodHandles.Lookup definer;

  private synchronized void translateAll() {
    for (int e : map.entries()) {
      translate(e);
    }
    completed = true;
  }

  /** The translated function that starts at instruction {@code index}, or null. */
  TranslatedFunction functionAt(int index) {
    TranslatedFunction f = functions[index];
    return f instanceof Untranslated ? null : f;
  }

  /** The resume point at instruction {@code index}, or null. */
  Resume resumeAt(int index) {
    return resumes[index];
  }

  /** Number of functions translated so far. */
  public int functions() {
    return translated;
  }

  /** Number of functions the program is known to have (not counting any found while running). */
  public int knownFunctions() {
    return map.entries().length;
  }

  /** Time spent translating so far, in nanoseconds. */
  public long translationNanos() {
    return nanos;
  }

  /** Guest code translated so far, in bytes (4 per instruction of each function's blocks). */
  public long translatedGuestBytes() {
    return bytecodeBytes;
  }

  /** True when a function starting at instruction {@code index} is translated. */
  public boolean isTranslated(int index) {
    return functionAt(index) != null;
  }

  /** The entry of the function whose code the tiered engine counts instruction i against. */
  int owner(int index) {
    return dynamicEntry[index] ? index : map.spanOwner(index);
  }

  /** Whether function {@code entry} was claimed for translation (without the lock). */
  boolean claimedAlready(int entry) {
    return claimed[entry];
  }

  /** Claims function {@code entry} for translation: true once, if it is not translated yet. */
  synchronized boolean claim(int entry) {
    if (claimed[entry] || functionAt(entry) != null) {
      return false;
    }
    claimed[entry] = true;
    return true;
  }

  /** Translates the function that starts at instruction {@code entry}, unless it already is. */
  synchronized TranslatedFunction translate(int entry) {
    TranslatedFunction done = functionAt(entry);
    if (done != null) {
      return done;
    }
    long t0 = System.nanoTime();
    String name = Translation.class.getPackageName().replace('.', '/') + "/" + CLASS_PREFIX
        + COUNTER.incrementAndGet() + "_" + Integer.toHexString(code.base() + 4 * entry);
    Compiled c = compile(entry, name);
    FunctionGraph g = c.compiler().g;
    byte[] bytes = c.bytes();
    FunctionCompiler compiler = c.compiler();
    TranslatedFunction f;
    try {
      if (definer == null) {
        definer = ProgramClassLoader.newLookup();
      }
      MethodHandles.Lookup l = definer.defineHiddenClassWithClassData(bytes, readOnly, true,
          MethodHandles.Lookup.ClassOption.STRONG);
      f = (TranslatedFunction) l.findConstructor(l.lookupClass(),
          MethodType.methodType(void.class)).invoke();
    } catch (Throwable e) {
      throw new IllegalStateException("BUG: cannot define the translation of the function at "
          + Integer.toHexString(code.base() + 4 * entry), e);
    }
    for (int b = 0; b < g.blocks(); b++) {
      int at = g.start[b];
      if (g.checkpoint[b] && resumes[at] == null) {
        int[] r = compiler.resumeAt(b);
        RESUMES.setRelease(resumes, at, new Resume(f, r[0], r[1]));
      }
    }
    FUNCTIONS.setRelease(functions, entry, f);
    long guest = 0;
    for (int b = 0; b < g.blocks(); b++) {
      guest += 4L * g.length[b];
    }
    bytecodeBytes += guest;
    translated++;
    nanos += System.nanoTime() - t0;
    return f;
  }

  /** A function's class file and the compiler that made it (it knows the resume points). */
  private record Compiled(FunctionCompiler compiler, byte[] bytes) {}

  /**
   * Compiles the function at instruction {@code entry} into the class file of class
   * {@code name}: in one piece if it fits, else cut into pieces; when the estimates were off
   * and a method came out too large for HotSpot to compile, cut finer.
   */
  private synchronized Compiled compile(int entry, String name) {
    FunctionGraph g = graph(entry);
    modOf(entry);
    RegisterFlow flow = new RegisterFlow(g, this::modOf);
    for (int limit = Pieces.LIMIT; ; limit /= 2) {
      Pieces pieces = new Pieces(g, limit); // only adds checkpoints, so it can run again
      FunctionCompiler compiler = new FunctionCompiler(this, g, pieces, flow, name);
      try {
        byte[] bytes = compiler.compile();
        if (ClassFiles.largestMethod(bytes) <= ClassFiles.HUGE_METHOD || limit < 64) {
          ClassFiles.dump(name, bytes);
          ClassFiles.describe(name, g, pieces, bytes);
          return new Compiled(compiler, bytes);
        }
      } catch (org.objectweb.asm.MethodTooLargeException e) {
        if (limit < 64) {
          throw new IllegalStateException("BUG: a method too large even in small pieces", e);
        }
      }
    }
  }

  /** The class file of the function at instruction {@code entry}, not defined (for tests). */
  byte[] classFile(int entry) {
    return compile(entry, Translation.class.getPackageName().replace('.', '/') + "/Dump")
        .bytes();
  }

  /**
   * An indirect call reached instruction {@code index}, where no known function starts: from
   * now on one does (the eager JIT translates it when the dispatcher gets there, the tiered
   * engine counts it as a function of its own).
   */
  synchronized void missedCall(int index) {
    if (functions[index] == null) {
      dynamicEntry[index] = true;
      FUNCTIONS.setRelease(functions, index, new Untranslated(code.base() + 4 * index));
    }
  }

  /** True when a function starts at instruction {@code index} (known, or found by a call). */
  boolean startsFunction(int index) {
    return map.isEntry(index) || dynamicEntry[index];
  }

  /** The number of instructions from entry {@code index} to the next function's entry. */
  int spanLength(int index) {
    return map.spanEnd(index) - index;
  }

  /** Counts {@code instructions} interpreted for the function at {@code owner}; the new count. */
  int heat(int owner, long instructions) {
    int h = (int) Math.min(Integer.MAX_VALUE, heat[owner] + instructions);
    heat[owner] = h;
    return h;
  }

  /**
   * The functions that the function at {@code entry} calls directly (or jumps to in a tail
   * call) and that have run at least {@code minHeat} instructions interpreted, with theirs in
   * turn: what a hot function's translation should bring along, so that its calls stay in
   * translated code.
   */
  synchronized List<Integer> warmCallees(int entry, long minHeat) {
    List<Integer> found = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    seen.add(entry);
    work.add(entry);
    while (!work.isEmpty()) {
      FunctionGraph g = graph(work.poll());
      for (int b = 0; b < g.blocks(); b++) {
        int c = g.callee[b];
        if (c >= 0 && seen.add(c) && heat[c] >= Math.max(1, minHeat)) {
          found.add(c);
          work.add(c);
        }
      }
    }
    return found;
  }

  private synchronized FunctionGraph graph(int entry) {
    return graphs.computeIfAbsent(entry, e -> new FunctionGraph(map, e));
  }

  /**
   * The registers a call of the function at {@code entry} may change: what its blocks write,
   * and what its callees may change (every register where it calls through a register).
   */
  private synchronized int modOf(int entry) {
    Integer known = mod.get(entry);
    if (known != null) {
      return known;
    }
    Set<Integer> closure = new LinkedHashSet<>();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(entry);
    closure.add(entry);
    while (!work.isEmpty()) {
      FunctionGraph g = graph(work.poll());
      for (int b = 0; b < g.blocks(); b++) {
        int c = g.callee[b];
        if (c >= 0 && !mod.containsKey(c) && closure.add(c)) {
          work.add(c);
        }
      }
    }
    Map<Integer, Integer> value = new HashMap<>();
    for (int f : closure) {
      FunctionGraph g = graph(f);
      int v = g.writes;
      for (int b = 0; b < g.blocks(); b++) {
        if (g.kind[b] == FunctionGraph.ICALL) {
          v = Effects.ALL;
        }
      }
      value.put(f, v);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int f : closure) {
        FunctionGraph g = graph(f);
        int v = value.get(f);
        for (int b = 0; b < g.blocks(); b++) {
          int c = g.callee[b];
          if (c >= 0) {
            v |= mod.containsKey(c) ? mod.get(c) : value.get(c);
          }
        }
        if (v != value.get(f)) {
          value.put(f, v);
          changed = true;
        }
      }
    }
    mod.putAll(value);
    return mod.get(entry);
  }
}
