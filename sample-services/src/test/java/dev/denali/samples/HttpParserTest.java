package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * guest-sdk/asm/http.s and net.s through the echo service (sample-services/echo), which answers
 * "METHOD TARGET HOST\n" and the body: request parsing, keep-alive, pipelining, split requests,
 * bodies and their limit, bad requests, and the flow table.
 */
class HttpParserTest {
  ServiceHarness h;

  @BeforeEach
  void boot() throws Exception {
    h = ServiceHarness.start("echo");
  }

  @AfterEach
  void shutdown() throws Exception {
    h.close();
  }

  static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  String awaitResponses(int flow, int count) {
    return h.await(flow, t -> ServiceHarness.completeResponses(t, count));
  }

  void awaitClosed(int flow) {
    h.await(flow, t -> h.closedByGuest(flow));
  }

  /** Proves the flow is still open: another request on it is answered. */
  void assertStillOpen(int flow, int answered) {
    h.send(flow, "GET /again HTTP/1.1\r\n\r\n");
    String all = awaitResponses(flow, answered + 1);
    assertThat(all).endsWith("GET /again \n");
    assertThat(h.closedByGuest(flow)).isFalse();
  }

  @Test
  void requestLineAndHost() {
    String r = h.exchange("GET /a/b?c=d HTTP/1.1\r\nhOsT:   example.com  \r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: keep-alive\r\n");
    assertThat(body(r)).isEqualTo("GET /a/b?c=d example.com\n");
  }

  @Test
  void bareLineFeedsAndLeadingEmptyLines() {
    String r = h.exchange("\r\n\nDELETE /x HTTP/1.1\nHost: h\n\n");
    assertThat(body(r)).isEqualTo("DELETE /x h\n");
  }

  @Test
  void keepAliveAnswersSeveralRequestsOnOneFlow() {
    int flow = h.open();
    for (int i = 1; i <= 5; i++) {
      h.send(flow, "GET /" + i + " HTTP/1.1\r\nHost: k\r\n\r\n");
      String all = awaitResponses(flow, i);
      assertThat(all).endsWith("GET /" + i + " k\n");
    }
    assertThat(h.closedByGuest(flow)).isFalse();
  }

  @Test
  void pipelinedRequestsInOneMessage() {
    int flow = h.open();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      b.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: p\r\n\r\n");
    }
    b.append("POST /last HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody");
    h.send(flow, b.toString());
    String all = awaitResponses(flow, 11);
    int at = 0;
    for (int i = 0; i < 10; i++) {
      int next = all.indexOf("GET /p" + i + " p\n", at);
      assertThat(next).as("response %d in order", i).isGreaterThan(at);
      at = next;
    }
    assertThat(all).endsWith("POST /last \nbody");
  }

  @Test
  void requestSplitByteByByte() {
    int flow = h.open();
    String req = "POST /split HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\n\r\nhello"
        + "GET /second HTTP/1.1\r\n\r\n";
    for (byte b : req.getBytes(StandardCharsets.US_ASCII)) {
      h.send(flow, new byte[] {b});
    }
    String all = awaitResponses(flow, 2);
    assertThat(all).contains("POST /split s\nhello").endsWith("GET /second \n");
  }

  @Test
  void contentLengthBodies() {
    String r = h.exchange("PUT /b HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world");
    assertThat(body(r)).isEqualTo("PUT /b \nhello world");
    String big = "x".repeat(16 * 1024);
    r = h.exchange("POST /big HTTP/1.1\r\nContent-Length: " + big.length() + "\r\n\r\n" + big);
    assertThat(body(r)).isEqualTo("POST /big \n" + big);
  }

  @Test
  void emptyBodyWithContentLengthZero() {
    String r = h.exchange("POST /z HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    assertThat(body(r)).isEqualTo("POST /z \n");
  }

  @Test
  void tooLargeBodyIs413AndCloses() {
    int flow = h.open();
    h.send(flow, "POST /big HTTP/1.1\r\nContent-Length: 20000\r\n\r\nxxxx");
    awaitClosed(flow);
    assertThat(h.received(flow)).startsWith("HTTP/1.1 413 Content Too Large\r\n")
        .contains("Connection: close\r\n");
    int other = h.open();
    h.send(other, "POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n");
    awaitClosed(other);
    assertThat(h.received(other)).startsWith("HTTP/1.1 413 ");
  }

  @Test
  void headTooLargeIs431() {
    int flow = h.open();
    h.send(flow, "GET / HTTP/1.1\r\nX-Long: " + "y".repeat(20000) + "\r\n\r\n");
    awaitClosed(flow);
    assertThat(h.received(flow)).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void garbageIs400AndCloses() {
    for (String garbage : new String[] {"this is not http\r\n\r\n", "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "GET / HTTP/1.1\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "\u0001\u0002\u0003 binary"}) {
      int flow = h.open();
      h.send(flow, garbage);
      awaitClosed(flow);
      assertThat(h.received(flow)).as(garbage).startsWith("HTTP/1.1 400 Bad Request\r\n")
          .contains("Connection: close\r\n").endsWith("\r\n\r\nBad Request\n");
    }
  }

  @Test
  void transferEncodingIs501() {
    int flow = h.open();
    h.send(flow, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    awaitClosed(flow);
    assertThat(h.received(flow)).startsWith("HTTP/1.1 501 ");
  }

  @Test
  void connectionCloseClosesAfterTheResponse() {
    int flow = h.open();
    h.send(flow, "GET /c HTTP/1.1\r\nConnection: Close\r\n\r\nGET /ignored HTTP/1.1\r\n\r\n");
    awaitClosed(flow);
    String r = h.received(flow);
    assertThat(r).contains("Connection: close\r\n").endsWith("GET /c \n");
  }

  @Test
  void http10ClosesUnlessKeepAlive() {
    int flow = h.open();
    h.send(flow, "GET /old HTTP/1.0\r\n\r\n");
    awaitClosed(flow);
    assertThat(h.received(flow)).contains("Connection: close\r\n").endsWith("GET /old \n");

    int kept = h.open();
    h.send(kept, "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assertThat(awaitResponses(kept, 1)).contains("Connection: keep-alive\r\n");
    assertStillOpen(kept, 1);
  }

  @Test
  void manyConcurrentFlows() {
    int[] flows = new int[32];
    for (int i = 0; i < flows.length; i++) {
      flows[i] = h.open();
      h.send(flows[i], "GET /f" + i + " HTTP/1.1\r\nHo");   // every request half-sent first
    }
    for (int i = flows.length - 1; i >= 0; i--) {
      h.send(flows[i], "st: " + i + "\r\n\r\n");
    }
    for (int i = 0; i < flows.length; i++) {
      assertThat(body(awaitResponses(flows[i], 1))).isEqualTo("GET /f" + i + " " + i + "\n");
    }
  }

  @Test
  void aFlowBeyondTheTableIs503() {
    for (int i = 0; i < 32; i++) {
      int flow = h.open();
      h.send(flow, "GET / HTTP/1.1\r\n\r\n");
      awaitResponses(flow, 1);
    }
    int refused = h.open();
    awaitClosed(refused);
    assertThat(h.received(refused)).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
        .endsWith("\r\n\r\nService Unavailable\n");
  }

  @Test
  void clientCloseMidRequestFreesTheSlot() {
    int[] flows = new int[32];
    for (int i = 0; i < flows.length; i++) {
      flows[i] = h.open();
      h.send(flows[i], "POST /half HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc");
    }
    h.close(flows[7]);                  // the client gives up mid-request
    int fresh = h.open();
    h.send(fresh, "GET /fresh HTTP/1.1\r\n\r\n");
    assertThat(body(awaitResponses(fresh, 1))).isEqualTo("GET /fresh \n");
    assertThat(h.closedByGuest(fresh)).isFalse();
    assertThat(h.received(flows[7])).isEmpty();
  }
}
