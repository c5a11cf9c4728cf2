package dev.denali.kernel;

import dev.denali.emu.Disk;
import dev.denali.emu.EngineKind;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The isolation kernel: many guest VMs multiplexed on a few host worker threads. It loads
 * binaries, creates, starts, stops and destroys VMs, schedules them in weighted round-robin
 * quanta of guest instructions, sleeps idle VMs on a timer queue, delivers virtual interrupts in
 * batches, and hibernates idle VMs to disk when memory runs short. Nothing a guest does can throw
 * out of it or stop it.
 *
 * <pre>{@code
 * try (Kernel k = Kernel.start(KernelConfig.defaults())) {
 *   Binary hello = k.load("hello", elfBytes);
 *   List<Integer> ids = k.spawn(hello, 1000, VmOptions.defaults());
 *   ... k.list(), k.stats(), k.raise(id, IRQ_NET), k.stop(id), k.destroy(id) ...
 * }
 * }</pre>
 *
 * <p>Every method is safe to call from any thread.
 */
public final class Kernel implements AutoCloseable {
  final KernelConfig config;
  final RunQueue runQueue;
  final TimerQueue timers;
  /** What the kernel tells its operator (SLF4J). */
  final KernelEvents events = new KernelEvents();
  final SnapshotStore store;
  final Hibernator hibernator;
  private final List<Worker> workers = new ArrayList<>();
  private final Map<Integer, KernelVm> vms = new ConcurrentHashMap<>();
  private final Map<Integer, Binary> binaries = new ConcurrentHashMap<>();
  private final AtomicInteger nextVm = new AtomicInteger(1);
  private final AtomicInteger nextBinary = new AtomicInteger(1);
  final AtomicLong residentBytes = new AtomicLong();
  final LongAdder quanta = new LongAdder();
  final Histogram wakeLatencyMicros = new Histogram();
  final DeferredTurns deferred = new DeferredTurns(this);
  private volatile boolean closed;
  private volatile NetSink netSink = NetSink.NONE;
  private final List<VmListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Kernel(KernelConfig config) throws IOException {
    this.config = config;
    this.runQueue = new RunQueue(config.quantum());
    this.store = new SnapshotStore(config.hibernationDir());
    this.timers = new TimerQueue(config.clock(), this::timerFired);
    this.hibernator = new Hibernator(this);
    for (int i = 0; i < config.workers(); i++) {
      workers.add(new Worker(this, i));
    }
  }

  /** Boots a kernel: its workers, timer and hibernation threads start now. */
  public static Kernel start(KernelConfig config) throws IOException {
    return new Kernel(config);
  }

  public KernelConfig config() {
    return config;
  }

  // ------------------------------------------------------------------ binaries

  /**
   * Loads a guest binary (an ELF file's bytes) under {@code name} (null: the service name of its
   * note). Its translation, if the engine makes one, is shared by all its VMs.
   */
  public Binary load(String name, byte[] elf) throws LoadException {
    open();
    GuestProgram program = ProgramLoader.load(name == null ? "guest" : name, elf);
    Binary b = new Binary(nextBinary.getAndIncrement(),
        name != null ? name : program.config().service(), program, Binary.digestOf(elf));
    binaries.put(b.id(), b);
    return b;
  }

  public List<Binary> binaries() {
    return binaries.values().stream().sorted(Comparator.comparingInt(Binary::id)).toList();
  }

  // ------------------------------------------------------------------ VM life cycle

  /**
   * Creates a VM of {@code binary} (not started). Its memory counts against the budget from now;
   * when the budget is full, idle VMs are hibernated to make room.
   *
   * @throws KernelException when the budget is full and no VM can be hibernated, or the disk
   *     cannot be opened
   */
  public int create(Binary binary, VmOptions options) {
    open();
    long need = binary.memoryPerVm();
    if (need > config.memoryBudget()) {
      throw new KernelException("a VM of " + binary.name() + " needs " + (need >> 20) + " MiB,"
          + " more than the kernel's whole memory budget of " + (config.memoryBudget() >> 20)
          + " MiB (the JVM heap is " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; give"
          + " the JVM more with DENALI_JAVA_OPTS=-Xmx..., or the kernel --memory-budget)");
    }
    if (residentBytes.get() + need > config.memoryBudget() && !hibernator.makeRoom(need)) {
      throw new KernelException("memory budget of " + config.memoryBudget() + " bytes is full ("
          + residentBytes.get() + " resident, no idle VM left to hibernate)");
    }
    Disk disk = null;
    if (options.disk() != null) {
      try {
        disk = Disk.open(options.disk());
      } catch (IOException e) {
        throw new KernelException("cannot open disk " + options.disk() + ": " + e.getMessage());
      }
    }
    int id = nextVm.getAndIncrement();
    KernelVm v = new KernelVm(id, binary, options, disk,
        new VirtualNic(this, id, config.nicQueueBytes()));
    residentBytes.addAndGet(need);
    v.reserved = true;
    vms.put(v.id, v);
    return v.id;
  }

  /**
   * Creates and starts {@code count} VMs of {@code binary}; returns their ids. All or nothing:
   * when one cannot be made (the memory budget is full, the disk cannot be opened, the JVM is
   * out of memory), those already made are destroyed before the exception leaves.
   */
  public List<Integer> spawn(Binary binary, int count, VmOptions options) {
    if (count < 0) {
      throw new KernelException("cannot make " + count + " VMs");
    }
    List<Integer> ids = new ArrayList<>(Math.min(count, 1024));
    try {
      for (int i = 0; i < count; i++) {
        int id = create(binary, options);
        ids.add(id);
        start(id);
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      for (int id : ids) {
        try {
          destroy(id);
        } catch (RuntimeException gone) {
          // destroyed meanwhile
        }
      }
      throw e;
    }
    return ids;
  }

  /** Starts a created VM, or resumes a stopped one; does nothing to a VM that is live. */
  public void start(int id) {
    KernelVm v = vm(id);
    synchronized (v) {
      switch (v.state) {
        case CREATED -> makeRunnable(v, false);
        case STOPPED -> {
          if (v.vm == null && v.snapshot >= 0) {
            v.state = VmState.RESTORING;
            hibernator.restoreLater(v);
          } else {
            makeRunnable(v, v.resumeFromIdle);
          }
        }
        case EXITED, FAULTED, DESTROYED -> throw new KernelException("VM " + id + " has ended ("
            + v.state.name().toLowerCase() + ") and cannot start again");
        default -> { }
      }
    }
  }

  /** Stops a VM at the end of its current quantum; {@link #start} resumes it. */
  public void stop(int id) {
    KernelVm v = vm(id);
    synchronized (v) {
      switch (v.state) {
        case RUNNING, HIBERNATING, RESTORING -> v.stopRequested = true;
        case RUNNABLE, BACKOFF, HIBERNATED -> {
          v.timerGeneration++;
          v.state = VmState.STOPPED;
        }
        case IDLE -> {
          v.timerGeneration++;
          hibernator.noteAwake(v);
          v.state = VmState.STOPPED;
        }
        default -> { }
      }
    }
  }

  /**
   * Starts a VM afresh from its binary, whatever it is doing (a runaway loop included): its
   * registers, memory, pending events and snapshot are dropped; its id, options and disk stay.
   * Counted as a restart. A VM that is running restarts at the end of its turn.
   *
   * @throws KernelException when it is destroyed, or being hibernated or restored right now
   */
  public void restart(int id) {
    KernelVm v = vm(id);
    synchronized (v) {
      if (v.destroyRequested) {
        throw new KernelException("VM " + id + " is being destroyed");
      }
      switch (v.state) {
        case RUNNING -> v.restartRequested = true;
        case HIBERNATING, RESTORING -> throw new KernelException("VM " + id + " is being"
            + " hibernated or restored; try again in a moment");
        case DESTROYED -> throw new KernelException("VM " + id + " is destroyed");
        default -> restartLocked(v);
      }
    }
  }

  /** Drops {@code v}'s machine and queues it to start afresh (VM locked, not running). */
  void restartLocked(KernelVm v) {
    v.restartRequested = false;
    v.stopRequested = false;
    v.wakeRequested = false;
    v.timerGeneration++;
    hibernator.noteAwake(v);
    if (v.snapshot >= 0) {
      store.free(v.snapshot);
      v.snapshot = -1;
    }
    v.vm = null;
    release(v);
    lostState(v, "restarted"); // the gateway's flows to it are void
    v.external.set(0);
    v.events.clear();
    v.resumeFromIdle = false;
    v.fault = null;
    v.restarts++;
    makeRunnable(v, false); // the worker makes a fresh machine (and reserves its memory)
  }

  /** Destroys a VM: frees its memory, snapshot and disk; its id is gone afterwards. */
  public void destroy(int id) {
    KernelVm v = vm(id);
    synchronized (v) {
      switch (v.state) {
        case RUNNING, HIBERNATING, RESTORING -> v.destroyRequested = true;
        case DESTROYED -> { }
        default -> finishDestroy(v);
      }
    }
  }

  /**
   * Raises interrupt bits for a VM (devices and the gateway call this): they are delivered at its
   * next quantum, and an idle or hibernated VM wakes up for them.
   */
  public void raise(int id, int bits) {
    KernelVm v = vms.get(id);
    if (v == null || bits == 0) {
      return;
    }
    if (config.batching()) {
      v.external.getAndAccumulate(bits, (a, b) -> a | b);
    } else {
      v.events.add(bits);
    }
    synchronized (v) {
      wakeLocked(v);
    }
  }

  /**
   * Hibernates an idle VM now (management and tests; the kernel does it by itself under memory
   * pressure). Returns false when the VM is not idle.
   */
  public boolean hibernate(int id) {
    return hibernator.hibernate(vm(id));
  }

  // ------------------------------------------------------------------ network and events

  /** Connects the VMs' NICs to a gateway (replacing the previous one). */
  public void netSink(NetSink sink) {
    this.netSink = sink == null ? NetSink.NONE : sink;
  }

  NetSink netSink() {
    return netSink;
  }

  /**
   * Queues a message on VM {@code id}'s NIC and raises its IRQ_NET. Returns false when there is
   * no such VM, it has ended, the message is over the MTU, or its receive queue is full.
   */
  public boolean deliver(int id, byte[] message) {
    return deliver(id, message, false);
  }

  /**
   * Like {@link #deliver(int, byte[])}, but an idle VM it wakes is not queued for a worker when
   * {@code defer}: the caller promises to call {@link #runDeferred} soon (the gateway does after
   * each batch of reads), which runs the VM's turn on the caller's thread. A VM left deferred for
   * more than a millisecond is queued anyway.
   */
  public boolean deliver(int id, byte[] message, boolean defer) {
    KernelVm v = vms.get(id);
    if (v == null) {
      return false;
    }
    VmState s = v.state;
    if (s.ended()) {
      return false;
    }
    return v.nic.deliver(message, defer);
  }

  /**
   * Runs the turn of VM {@code id} on the calling thread if a deferred delivery left it waiting
   * for one; returns whether it ran.
   */
  public boolean runDeferred(int id) {
    KernelVm v = vms.get(id);
    return v != null && !closed && deferred.run(v);
  }

  /** The raise of a deferred delivery (see {@link DeferredTurns}). */
  void raiseDeferred(int id, int bits) {
    KernelVm v = vms.get(id);
    if (v == null) {
      return;
    }
    if (config.batching()) {
      deferred.raise(v, bits);
    } else {
      raise(id, bits); // deliver-immediately mode counts every event through the run queue
    }
  }

  /** Bytes queued on VM {@code id}'s NIC for the guest (0 for no such VM). */
  public long queuedBytes(int id) {
    KernelVm v = vms.get(id);
    return v == null ? 0 : v.nic.queuedBytes();
  }

  /** Tells {@code listener} about every VM that ends from now on. */
  public void addListener(VmListener listener) {
    listeners.add(listener);
  }

  /** Called with the VM locked, when it has just ended (exited, faulted or destroyed). */
  void ended(KernelVm v) {
    for (VmListener l : listeners) {
      try {
        l.ended(v.id, v.state);
      } catch (RuntimeException e) {
        // a listener's bug must not stop the kernel
      }
    }
  }

  /** Called with the VM locked, when it has just faulted: its messages and flows are void. */
  void faulted(KernelVm v) {
    lostState(v, v.fault);
  }

  /**
   * Called with the VM locked when its machine's state is gone ({@code why}: its fault, or a
   * restart): its queued messages are dropped and listeners void what depended on it.
   */
  private void lostState(KernelVm v, String why) {
    v.nic.clear();
    for (VmListener l : listeners) {
      try {
        l.faulted(v.id, why);
      } catch (RuntimeException e) {
        // a listener's bug must not stop the kernel
      }
    }
  }

  // ------------------------------------------------------------------ inspection

  /** The VM's state and counters, or null when there is no such VM. */
  public VmInfo info(int id) {
    KernelVm v = vms.get(id);
    return v == null ? null : v.info();
  }

  /** Every VM, by id. */
  public List<VmInfo> list() {
    return vms.values().stream().map(KernelVm::info).sorted(Comparator.comparingInt(VmInfo::id))
        .toList();
  }

  /** The last bytes the VM wrote to its console. */
  public String console(int id) {
    return vm(id).console.text();
  }

  /**
   * What VM {@code id} wrote to its console from byte {@code from} on (see {@link
   * ConsoleChunk}): a reader that follows the output asks again from the chunk's end.
   */
  public ConsoleChunk consoleSince(int id, long from) {
    return vm(id).console.since(from);
  }

  /** Kernel-wide counters. */
  public KernelStats stats() {
    Map<VmState, Integer> byState = new EnumMap<>(VmState.class);
    long onDisk = 0;
    for (KernelVm v : vms.values()) {
      VmInfo i = v.info();
      byState.merge(i.state(), 1, Integer::sum);
      onDisk += i.hibernatedBytes() > 0 ? SnapshotStore.slotBytes((int) i.hibernatedBytes()) : 0;
    }
    return new KernelStats(vms.size(), byState, residentBytes.get(), onDisk, runQueue.size(),
        timers.size(), quanta.sum(), hibernator.hibernations.sum(), hibernator.restores.sum(),
        wakeLatencyMicros, hibernator.hibernateMicros, hibernator.restoreMicros,
        hibernator.failures.sum());
  }

  // ------------------------------------------------------------------ transitions (VM locked)

  /** Queues {@code v} to run ({@code woken}: ahead of the round robin). */
  void makeRunnable(KernelVm v, boolean woken) {
    queue(v, woken, false);
  }

  /**
   * Queues {@code v}: ahead of the round robin when {@code woken}; {@code stayedRunnable} when it
   * comes from a turn that used its whole quantum (it keeps its place in virtual time).
   */
  void queue(KernelVm v, boolean woken, boolean stayedRunnable) {
    v.state = VmState.RUNNABLE;
    if (!v.queued) {
      v.queued = true;
      if (woken) {
        runQueue.addWoken(v);
      } else {
        runQueue.add(v, stayedRunnable);
      }
    }
  }

  /** An event for {@code v}: wakes it from wherever it waits. */
  void wakeLocked(KernelVm v) {
    switch (v.state) {
      case IDLE -> {
        hibernator.noteAwake(v);
        v.timerGeneration++;
        makeRunnable(v, true);
      }
      case HIBERNATED -> {
        v.timerGeneration++;
        v.state = VmState.RESTORING;
        hibernator.restoreLater(v);
      }
      case HIBERNATING -> v.wakeRequested = true;
      default -> { } // running or queued: it sees the bits at its next quantum
    }
  }

  private void timerFired(KernelVm v, int generation) {
    synchronized (v) {
      if (generation != v.timerGeneration) {
        return;
      }
      if (v.state == VmState.BACKOFF) {
        v.restarts++;
        makeRunnable(v, false);
      } else {
        v.timerWake = true;
        wakeLocked(v);
      }
    }
  }

  /** Frees everything of {@code v}. */
  void finishDestroy(KernelVm v) {
    if (v.state == VmState.DESTROYED) {
      return;
    }
    v.state = VmState.DESTROYED;
    ended(v); // also when it had ended before: listeners learn that its id is gone
    v.timerGeneration++;
    hibernator.noteAwake(v);
    release(v);
    if (v.snapshot >= 0) {
      store.free(v.snapshot);
      v.snapshot = -1;
    }
    v.vm = null;
    vms.remove(v.id);
    if (v.disk != null) {
      try {
        v.disk.close();
      } catch (IOException e) {
        // the VM is gone; a failing close of its image has no one left to tell
      }
    }
  }

  /** Returns {@code v}'s memory to the budget. */
  void release(KernelVm v) {
    if (v.reserved) {
      v.reserved = false;
      residentBytes.addAndGet(-v.binary.memoryPerVm());
    }
  }

  /** Counts {@code v}'s memory against the budget again. */
  void reserve(KernelVm v) {
    if (!v.reserved) {
      v.reserved = true;
      residentBytes.addAndGet(v.binary.memoryPerVm());
    }
  }

  private KernelVm vm(int id) {
    KernelVm v = vms.get(id);
    if (v == null) {
      throw new KernelException("no VM " + id);
    }
    return v;
  }

  private void open() {
    if (closed) {
      throw new KernelException("the kernel is shut down");
    }
  }

  boolean closed() {
    return closed;
  }

  /** Stops every thread; VMs and snapshots are dropped (the hibernation files too, if temporary). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    runQueue.close();
    timers.close();
    hibernator.close();
    for (Worker w : workers) {
      w.join();
    }
    for (KernelVm v : vms.values()) {
      synchronized (v) {
        finishDestroy(v);
      }
    }
    store.close();
  }
}
