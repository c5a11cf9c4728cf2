package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Requests that name a service, not an instance, go to the fewest VMs the load needs: their
 * state stays in the caches and the others can hibernate; none is given more than its share.
 */
class RequestQueueTest {
  private static final List<Integer> VMS = IntStream.rangeClosed(1, 10_000).boxed().toList();

  private static Exchange anyInstance() {
    return Exchange.ownAnswer(null, null, true);
  }

  @Test
  void oneRequestAtATimeKeepsToTwoVms() {
    RequestQueue q = new RequestQueue();
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      assertThat(q.offer(anyInstance(), 10)).isTrue();
      List<Exchange> started = q.assign(VMS, 8);
      assertThat(started).hasSize(1);
      used.add(started.get(0).vm);
      q.done(started.get(0).vm);
    }
    assertThat(used).hasSize(2);
  }

  @Test
  void manyRequestsInHandSpreadOverTwiceAsManyVmsAndNoVmGetsMoreThanItsCap() {
    RequestQueue q = new RequestQueue();
    Map<Integer, Integer> load = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      q.offer(anyInstance(), 1_000);
    }
    List<Exchange> started = q.assign(VMS, 8);
    assertThat(started).hasSize(200);
    for (Exchange e : started) {
      load.merge(e.vm, 1, Integer::sum);
    }
    assertThat(load.values()).allMatch(n -> n <= 8);
    assertThat(load).hasSizeGreaterThan(100); // spread: many run at once
    assertThat(load.keySet()).allMatch(vm -> vm <= 2 * 200 + 2); // the first VMs only
    for (Exchange e : started) { // all answered: back to the first two
      q.done(e.vm);
    }
    q.offer(anyInstance(), 1_000);
    assertThat(q.assign(VMS, 8).get(0).vm).isLessThanOrEqualTo(2);
  }
}
