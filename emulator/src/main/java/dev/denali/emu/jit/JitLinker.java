package dev.denali.emu.jit;

import java.lang.invoke.CallSite;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * How generated classes find their program: each is a hidden class whose class data is its
 * {@link Translation}. Guest calls are {@code invokedynamic} instructions bootstrapped here to
 * the program's call site for the callee, which points at the callee's translation once it
 * exists (and at a way out to the dispatcher until then).
 */
public final class JitLinker {
  private JitLinker() {}

  /** Bootstrap of a direct guest call to the function whose entry is instruction {@code callee}. */
  public static CallSite call(MethodHandles.Lookup caller, String name, MethodType type,
      int callee) throws IllegalAccessException {
    return translation(caller).callSite(callee);
  }

  /** Bootstrap of a guest call through a register: an inline cache of its own. */
  public static CallSite indirect(MethodHandles.Lookup caller, String name, MethodType type)
      throws IllegalAccessException {
    return new IndirectCallSite(translation(caller));
  }

  private static Translation translation(MethodHandles.Lookup caller)
      throws IllegalAccessException {
    return MethodHandles.classData(caller, ConstantDescs.DEFAULT_NAME, Translation.class);
  }
}
