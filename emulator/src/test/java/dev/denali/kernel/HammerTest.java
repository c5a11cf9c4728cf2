package dev.denali.kernel;

import static dev.denali.isa.VirtualRegisters.IRQ_NET;
import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Eight threads create, start, stop, raise, hibernate and destroy VMs of every kind at once while
 * the kernel runs them and a ninth thread lists them. Nothing may throw but the kernel's own
 * refusals, and at the end every VM is gone and every byte of the budget is back.
 */
class HammerTest {
  private static final int THREADS = 8;
  private static final int OPS = 2000;

  @Test
  void concurrentLifecycleOperationsKeepTheKernelConsistent() throws Exception {
    KernelConfig config = KernelConfig.defaults().withWorkers(2).withQuantum(5_000);
    try (Kernel k = Kernel.start(config)) {
      List<Binary> kinds = List.of(load(k, "spin", SPIN), load(k, "sleeper", SLEEPER),
          load(k, "short", SHORT), load(k, "faulter", FAULTER),
          load(k, "listener", BatchingTest.LISTENER), load(k, "checksum", CHECKSUM));
      List<Integer> all = new CopyOnWriteArrayList<>();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = 1000 + t;
        threads.add(new Thread(() -> {
          Random r = new Random(seed);
          try {
            go.await();
            for (int i = 0; i < OPS; i++) {
              operate(k, kinds, all, r);
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      Thread lister = new Thread(() -> {
        try {
          go.await();
          while (!Thread.currentThread().isInterrupted()) {
            k.list();
            k.stats();
          }
        } catch (InterruptedException e) {
          // done
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      threads.forEach(Thread::start);
      lister.start();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      lister.interrupt();
      lister.join();
      assertThat(errors).isEmpty();

      for (VmInfo vm : k.list()) {
        k.destroy(vm.id());
      }
      await("every VM destroyed", () -> k.list().isEmpty());
      assertThat(k.stats().residentBytes()).isZero();
      int probe = k.spawn(kinds.get(2), 1, VmOptions.defaults()).get(0);
      assertThat(awaitState(k, probe, VmState.EXITED).exitStatus()).isEqualTo(7);
    }
  }

  private static void operate(Kernel k, List<Binary> kinds, List<Integer> all, Random r) {
    try {
      int op = r.nextInt(10);
      if (op < 3 || all.isEmpty()) {
        int id = k.create(kinds.get(r.nextInt(kinds.size())), VmOptions.defaults()
            .withWeight(1 + r.nextInt(4)));
        all.add(id);
        if (r.nextBoolean()) {
          k.start(id);
        }
        return;
      }
      int id = all.get(r.nextInt(all.size()));
      switch (op) {
        case 3 -> k.start(id);
        case 4 -> k.stop(id);
        case 5, 6 -> k.raise(id, IRQ_NET);
        case 7 -> k.hibernate(id);
        case 8 -> k.info(id);
        default -> k.destroy(id);
      }
    } catch (KernelException refused) {
      // an ended or destroyed VM: the kernel says so, nothing else
    }
  }
}
