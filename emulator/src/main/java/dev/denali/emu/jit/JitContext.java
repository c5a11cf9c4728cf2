package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.GuestFault;
import dev.denali.emu.Vm;

/**
 * The state translated code shares with its dispatcher and with the functions it calls: the VM
 * it runs, the instruction budget between calls, and, when control leaves translated code
 * ({@link #UNWIND}), why and where to go on. One per engine (so per host thread), bound to a VM
 * for each run.
 *
 * <p>Translated functions return the guest address they jump to when they return (always a
 * multiple of 4 inside text), or {@code UNWIND} when the VM must stop or the dispatcher must
 * take over; the VM's registers, memory and the budget are then complete, every frame on the way
 * out returns at once, and {@link #stop} and {@link #pc} say the rest.
 */
public final class JitContext {
  /** What a translated function returns when control goes back to the dispatcher. */
  public static final int UNWIND = 1;

  /** Stop: the budget is too short for the next run of instructions at {@link #pc}. */
  public static final int SLOW = 1;
  /** Stop: go on at {@link #pc} (a call the JVM stack cannot hold, or untranslated code). */
  public static final int CONTINUE = 2;
  /** Stop: the guest executed d.idle; {@link #pc} is past it. */
  public static final int IDLE = 3;
  /** Stop: the guest exited; {@link #pc} is past the exiting instruction. */
  public static final int EXITED = 4;
  /** Stop: the guest faulted; the fault is recorded in the VM. */
  public static final int FAULTED = 5;

  /** The VM being run and its register array and memory (the fields engines use directly). */
  public Vm vm;
  public int[] x;
  public byte[] mem;
  /** The functions of the VM's program, by entry index: what guest calls call. */
  public TranslatedFunction[] functions;
  /** Instructions left; current whenever control is outside a translated function. */
  public int budget;
  /** {@code vm.retired + budget} when the budget was set: the retired count is this - budget. */
  public long retiredBase;
  /** Why control came back with UNWIND (a constant above), 0 while it has not. */
  public int stop;
  /** Where the guest goes on after UNWIND. */
  public int pc;
  /** The instruction index of a fault a slow path recorded (see JitRuntime.faulted). */
  int faultIndex;

  /** Statistics of this engine: entries into translated code, ways back by cause, and interpreted instructions. */
  public long entries;
  public long slowExits;
  public long continues;
  public long returns;
  public long interpreted;

  private int writableBase;
  /** What turns a writable offset into an offset in the program's read-only image. */
  int readOnlyDelta;

  /** Binds this context to {@code v} for a run of at most {@code b} instructions. */
  void bind(Vm v, int b, Translation t) {
    vm = v;
    functions = t.functions;
    x = v.x;
    mem = v.mem;
    budget = b;
    retiredBase = v.retired + b;
    stop = 0;
    writableBase = v.program().writableBase();
    readOnlyDelta = t.readOnlyDelta;
  }

  /**
   * A load outside writable and read-only memory at writable offset {@code o}: the VM's slow
   * path; a fault is recorded as instruction {@code index}'s and thrown.
   */
  int load(int o, int size, boolean signed, int index) {
    try {
      return vm.load(o + writableBase, size, signed);
    } catch (GuestFault f) {
      throw fault(index);
    }
  }

  /**
   * A store outside writable memory: the VM's slow path (faults as {@link #load}). Public:
   * generated code calls it when its own bounds test fails.
   */
  public void store(int o, int size, int value, int index) {
    try {
      vm.store(o + writableBase, size, value);
    } catch (GuestFault f) {
      throw fault(index);
    }
  }

  private GuestFault fault(int index) {
    Code code = vm.program().code();
    vm.recordFault(code.base() + 4 * index, code.word(index));
    faultIndex = index;
    return GuestFault.INSTANCE;
  }
}
