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

  /** A request whose body streams in (to instance {@code instance}, 0: any). */
  private static Exchange streamed(int instance) {
    io.netty.handler.codec.http.HttpRequest head = new io.netty.handler.codec.http
        .DefaultHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
        io.netty.handler.codec.http.HttpMethod.POST, "/");
    return new Exchange(null, null, instance,
        new BodyStream.Head(head, new BodyStream(null, 1 << 20)));
  }

  @Test
  void aVmTakesOneStreamingUploadAtATimeAndOtherRequestsStillPass() {
    // slow uploads hold their VM's place until they end: one per VM, so they can never take
    // all of a service's places
    RequestQueue q = new RequestQueue();
    List<Integer> two = List.of(1, 2);
    q.offer(streamed(0), 10);
    q.offer(streamed(0), 10);
    q.offer(streamed(0), 10); // no VM left for this one
    q.offer(anyInstance(), 10); // but this one goes
    List<Exchange> started = q.assign(two, 8);
    assertThat(started).hasSize(3);
    assertThat(started.subList(0, 2)).extracting(e -> e.vm).containsExactlyInAnyOrder(1, 2);
    assertThat(started.get(2).streamed()).isFalse();
    assertThat(q.waiting()).isEqualTo(1);
    q.offer(streamed(2), 10); // names VM 2, which streams: waits too
    assertThat(q.assign(two, 8)).isEmpty();
    q.done(1, true);
    assertThat(q.assign(two, 8)).hasSize(1).allMatch(e -> e.vm == 1 && e.instance == 0);
    q.done(2, true);
    assertThat(q.assign(two, 8)).hasSize(1).allMatch(e -> e.vm == 2 && e.instance == 2);
    assertThat(q.waiting()).isZero();
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
  void manyRequestsInHandKeepToTwiceTheVmsTheyNeedAndNoVmGetsMoreThanItsCap() {
    RequestQueue q = new RequestQueue();
    Map<Integer, Integer> load = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      q.offer(anyInstance(), 1_000);
    }
    List<Exchange> started = q.assign(VMS, 8, 2);
    assertThat(started).hasSize(200);
    for (Exchange e : started) {
      load.merge(e.vm, 1, Integer::sum);
    }
    assertThat(load.values()).allMatch(n -> n <= 8);
    assertThat(load).hasSizeGreaterThanOrEqualTo(200 / 8); // as many as they need, at least
    assertThat(load.keySet()).allMatch(vm -> vm <= 2 * (200 / 8) + 2); // the first VMs only
    for (Exchange e : started) { // all answered: back to the first two
      q.done(e.vm);
    }
    q.offer(anyInstance(), 1_000);
    assertThat(q.assign(VMS, 8, 2).get(0).vm).isLessThanOrEqualTo(2);
  }

  @Test
  void fewerRequestsThanKernelWorkersRunEachOnAVmOfItsOwn() {
    RequestQueue q = new RequestQueue();
    for (int i = 0; i < 16; i++) {
      q.offer(anyInstance(), 1_000);
    }
    List<Exchange> started = q.assign(VMS, 8, 16);
    assertThat(started).extracting(e -> e.vm).doesNotHaveDuplicates().hasSize(16);
  }
}
