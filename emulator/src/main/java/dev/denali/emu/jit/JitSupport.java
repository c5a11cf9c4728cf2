package dev.denali.emu.jit;

import dev.denali.emu.Vm;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** What generated code calls: little-endian memory views and the cold paths of faults. */
public final class JitSupport {
  private JitSupport() {}

  public static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  public static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);

  /**
   * Records the fault of instruction {@code index} and returns how many charged instructions
   * did not run (the faulting one and the rest of its block).
   */
  public static long fault(Vm vm, int index) {
    var code = vm.program().code();
    vm.recordFault(code.base() + 4 * index, code.word(index));
    return code.runLength()[index];
  }
}
