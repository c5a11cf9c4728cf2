package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.kernel.VmInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hello service (sample-services/hello): every request gets its greeting. */
class HelloServiceTest {
  static ServiceHarness h;

  @BeforeAll
  static void boot() throws Exception {
    h = ServiceHarness.start("hello");
  }

  @AfterAll
  static void shutdown() throws Exception {
    h.close();
  }

  static String expectedBody() {
    return "Hello from Denali VM " + h.vm + "\n";
  }

  @Test
  void answersGet() {
    String r = h.exchange("GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\r\nContent-Type: text/plain\r\n")
        .contains("\r\nContent-Length: " + expectedBody().length() + "\r\n")
        .contains("\r\nConnection: keep-alive\r\n")
        .endsWith("\r\n\r\n" + expectedBody());
  }

  @Test
  void anyMethodAndTarget() {
    String r = h.exchange("POST /x/y?z=1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").endsWith(expectedBody());
  }

  @Test
  void headHasNoBody() {
    int flow = h.open();
    h.send(flow, "HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    String r = h.await(flow, t -> ServiceHarness.completeResponses(t, 1)
        && t.endsWith(expectedBody()));
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Content-Length: " + expectedBody().length());
    // the first response has the headers only; the body that follows is the GET's
    assertThat(r.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    assertThat(r.indexOf(expectedBody())).isEqualTo(r.lastIndexOf(expectedBody()));
  }

  @Test
  void memoryIsSmall() {
    VmInfo info = h.kernel.info(h.vm);
    assertThat(info.residentBytes()).isLessThanOrEqualTo(128 * 1024);
  }
}
