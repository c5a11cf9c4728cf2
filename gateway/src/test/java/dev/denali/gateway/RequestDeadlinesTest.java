package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One timer for the deadlines of all the requests of a connection. */
class RequestDeadlinesTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
  }

  private static final class Req implements RequestDeadlines.Request {
    final long start = System.nanoTime();
    boolean answered;
    volatile long expiredAt;

    @Override
    public boolean answered() {
      return answered;
    }

    @Override
    public long startNanos() {
      return start;
    }

    @Override
    public void expire() {
      answered = true;
      expiredAt = System.nanoTime();
    }
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(10, TimeUnit.SECONDS);
  }

  @Test
  void eachUnansweredRequestExpiresAtItsOwnDeadlineAndAnsweredOnesNever() throws Exception {
    long timeout = TimeUnit.MILLISECONDS.toNanos(300);
    RequestDeadlines d = new RequestDeadlines(loop, timeout);
    Req first = onLoop(() -> {
      Req r = new Req();
      d.watch(r);
      return r;
    });
    Req answered = onLoop(() -> {
      Req r = new Req();
      d.watch(r);
      r.answered = true;
      return r;
    });
    Thread.sleep(150);
    Req later = onLoop(() -> {
      Req r = new Req();
      d.watch(r);
      return r;
    });
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((first.expiredAt == 0 || later.expiredAt == 0) && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertThat(first.expiredAt - first.start).isGreaterThanOrEqualTo(timeout);
    assertThat(later.expiredAt - later.start).isGreaterThanOrEqualTo(timeout);
    assertThat(later.expiredAt).as("the later one waited for its own deadline")
        .isGreaterThanOrEqualTo(first.start + timeout + TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(answered.expiredAt).isZero();
    assertThat(onLoop(d::waiting)).isZero();
  }

  @Test
  void answeredRequestsBehindAHungOneAreNotKept() throws Exception {
    RequestDeadlines d = new RequestDeadlines(loop, TimeUnit.SECONDS.toNanos(30));
    Req hung = new Req();
    List<Req> answered = new ArrayList<>();
    int waiting = onLoop(() -> {
      d.watch(hung);
      for (int i = 0; i < 100_000; i++) {
        Req r = new Req();
        d.watch(r);
        r.answered = true;
        answered.add(r);
      }
      return d.waiting();
    });
    assertThat(waiting).isLessThanOrEqualTo(RequestDeadlines.COMPACT_ABOVE + 1);
    onLoop(() -> {
      d.close();
      return null;
    });
    assertThat(onLoop(d::waiting)).isZero();
    assertThat(hung.expiredAt).isZero();
  }
}
