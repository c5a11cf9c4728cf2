package dev.denali.emu.jit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * The call site of one guest call through a register ({@code jalr ra, 0(a5)}: function pointers,
 * virtual calls): an inline cache. It starts empty; each new target address it sees adds a test
 * for that address in front of what it had, which calls the target function's own call site, so
 * C2 inlines a call whose target rarely changes as if it were direct. After {@link #LIMIT}
 * targets it stops growing and other targets take the generic path.
 */
final class IndirectCallSite extends MutableCallSite {
  /** {@code (JitContext ctx, int target, int depth) -> int}: the call's type. */
  static final MethodType TYPE = MethodType.methodType(int.class, JitContext.class, int.class,
      int.class);
  /** The most targets a site tests before it takes the generic path for others. */
  static final int LIMIT = 4;

  private static final MethodHandle FALLBACK;
  private static final MethodHandle EQUALS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      FALLBACK = l.findVirtual(IndirectCallSite.class, "fallback", TYPE);
      EQUALS = l.findStatic(IndirectCallSite.class, "equals",
          MethodType.methodType(boolean.class, int.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Translation translation;
  private int cached;

  IndirectCallSite(Translation translation) {
    super(TYPE);
    this.translation = translation;
    setTarget(FALLBACK.bindTo(this));
  }

  private static boolean equals(int a, int b) {
    return a == b;
  }

  /**
   * A target no test matched: learns it (while there is room), then calls it. {@code target}
   * was checked by the caller to be an aligned address inside text.
   */
  private int fallback(JitContext ctx, int target, int depth) throws Throwable {
    int index = (target - translation.code.base()) >> 2;
    translation.missedCall(index);
    MethodHandle callee = MethodHandles.insertArguments(
        translation.callSite(index).dynamicInvoker(), 2, 0); // (ctx, depth) at its entry
    synchronized (this) {
      if (cached < LIMIT) {
        cached++;
        MethodHandle test = MethodHandles.dropArguments(
            MethodHandles.insertArguments(EQUALS, 1, target), 0, JitContext.class);
        setTarget(MethodHandles.guardWithTest(test,
            MethodHandles.dropArguments(callee, 1, int.class), getTarget()));
      }
    }
    return (int) callee.invokeExact(ctx, depth);
  }
}
