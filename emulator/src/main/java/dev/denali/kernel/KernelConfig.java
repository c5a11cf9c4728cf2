package dev.denali.kernel;

import dev.denali.emu.Clock;
import dev.denali.emu.EngineKind;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Kernel} runs. Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2).withBatching(false));
 * }</pre>
 *
 * @param workers host threads that run VMs (default: one per core)
 * @param quantum guest instructions a weight-1 VM runs per turn
 * @param engine the execution engine
 * @param batching true: interrupts raised while a VM waits are delivered together at its next
 *     quantum (Denali's batching); false: every event is delivered on its own, with the VM moved to
 *     the front of the run queue each time (deliver-immediately mode, to measure batching)
 * @param memoryBudget bytes of VM memory the kernel keeps resident; past it, idle VMs are
 *     hibernated, least recently active first, and creation fails when nothing can be evicted
 * @param hibernateAfter hibernate a VM idle this long even under budget (null: only over budget)
 * @param hibernationDir where hibernated VMs are written (null: a temporary directory, deleted at
 *     close)
 * @param clock the time guests see
 * @param nicQueueBytes bytes a VM's NIC may hold for the guest before the gateway stops reading
 *     from its clients
 */
public record KernelConfig(int workers, long quantum, EngineKind engine, boolean batching,
    long memoryBudget, Duration hibernateAfter, Path hibernationDir, Clock clock,
    long nicQueueBytes) {
  public KernelConfig {
    if (workers < 1 || workers > 256) {
      throw new IllegalArgumentException("workers " + workers + " is not in 1..256");
    }
    if (quantum < 1) {
      throw new IllegalArgumentException("quantum must be at least 1 instruction");
    }
    if (memoryBudget < 1) {
      throw new IllegalArgumentException("memory budget must be positive");
    }
    if (nicQueueBytes < 2L * dev.denali.isa.NetMessage.MTU) {
      throw new IllegalArgumentException("NIC queue must hold at least two messages");
    }
    if (engine == null || clock == null) {
      throw new IllegalArgumentException("engine and clock are required");
    }
  }

  /** One worker per core, 100,000-instruction quanta, auto engine, batching, budget 1/2 heap. */
  public static KernelConfig defaults() {
    return new KernelConfig(Runtime.getRuntime().availableProcessors(), 100_000, EngineKind.AUTO,
        true, Runtime.getRuntime().maxMemory() / 2, null, null, Clock.system(), 256 << 10);
  }

  public KernelConfig withWorkers(int n) {
    return new KernelConfig(n, quantum, engine, batching, memoryBudget, hibernateAfter,
        hibernationDir, clock, nicQueueBytes);
  }

  public KernelConfig withQuantum(long q) {
    return new KernelConfig(workers, q, engine, batching, memoryBudget, hibernateAfter,
        hibernationDir, clock, nicQueueBytes);
  }

  public KernelConfig withEngine(EngineKind e) {
    return new KernelConfig(workers, quantum, e, batching, memoryBudget, hibernateAfter,
        hibernationDir, clock, nicQueueBytes);
  }

  public KernelConfig withBatching(boolean b) {
    return new KernelConfig(workers, quantum, engine, b, memoryBudget, hibernateAfter,
        hibernationDir, clock, nicQueueBytes);
  }

  public KernelConfig withMemoryBudget(long bytes) {
    return new KernelConfig(workers, quantum, engine, batching, bytes, hibernateAfter,
        hibernationDir, clock, nicQueueBytes);
  }

  public KernelConfig withHibernateAfter(Duration d) {
    return new KernelConfig(workers, quantum, engine, batching, memoryBudget, d, hibernationDir,
        clock, nicQueueBytes);
  }

  public KernelConfig withHibernationDir(Path dir) {
    return new KernelConfig(workers, quantum, engine, batching, memoryBudget, hibernateAfter, dir,
        clock, nicQueueBytes);
  }

  public KernelConfig withNicQueueBytes(long bytes) {
    return new KernelConfig(workers, quantum, engine, batching, memoryBudget, hibernateAfter,
        hibernationDir, clock, bytes);
  }

  public KernelConfig withClock(Clock c) {
    return new KernelConfig(workers, quantum, engine, batching, memoryBudget, hibernateAfter,
        hibernationDir, c, nicQueueBytes);
  }
}
