package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.samples.HttpResponses.Response;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Edge cases of the guest SDK's HTTP/1.1 server (guest-sdk/c/http.h, libc/http.c), through the
 * kv service without a disk (its volatile RAM disk): line endings, malformed heads, limits,
 * connection handling, requests split at every byte.
 */
class CHttpParserTest {
  static ServiceHarness h;

  @BeforeAll
  static void boot() throws Exception {
    h = ServiceHarness.start("kv");
  }

  @AfterAll
  static void shutdown() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /** Sends raw bytes on a new flow; returns the responses once `count` are complete. */
  static List<Response> send(String raw, int count) {
    int flow = h.open();
    h.send(flow, raw);
    List<Response> rs = HttpResponses.parse(
        h.await(flow, t -> ServiceHarness.completeResponses(t, count)));
    h.close(flow);
    return rs;
  }

  /** Sends `raw`, expects one response with `status` and the connection closed by the guest. */
  static void rejected(String raw, int status) throws InterruptedException {
    int flow = h.open();
    h.send(flow, raw);
    Response r = HttpResponses.one(h.await(flow, t -> ServiceHarness.completeResponses(t, 1)));
    assertThat(r.status()).as("%s", raw).isEqualTo(status);
    assertThat(r.header("Connection")).isEqualTo("close");
    // http_error's page says what it is; the SDK names the server, as http.h says
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("Server")).isEqualTo("denali");
    KvServiceTest.awaitClosed(h, flow);
  }

  @Test
  void garbageGets400AtTheFirstLine() throws Exception {
    rejected("HELLO\r\n", 400);
    rejected("GET\r\n", 400);
    rejected("GET /x\r\n", 400);
    rejected("GET x HTTP/1.1\r\n", 400);
    rejected("GET /x HTTP/1.1 extra\r\n", 400);
    rejected("GET /x HTTP/1.10\r\n", 400);
    rejected("GET /x HTTP/1.1\u0000\r\nHost: kv\r\n\r\n", 400);
  }

  @Test
  void malformedHeadersGet400() throws Exception {
    rejected("GET / HTTP/1.1\r\nHost: kv\r\nBad Header: x\r\n\r\n", 400);
    rejected("GET / HTTP/1.1\r\nHost : kv\r\n\r\n", 400);
    rejected("GET / HTTP/1.1\r\nHost: kv\r\n folded\r\n\r\n", 400);
    rejected("GET / HTTP/1.1\r\nHost: kv\r\nNoColon\r\n\r\n", 400);
    rejected("GET / HTTP/1.1\r\nHost: k\rv\r\n\r\n", 400);
    rejected("GET / HTTP/1.1\r\n\r\n", 400); // HTTP/1.1 without Host
    rejected("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    rejected("PUT /x HTTP/1.1\r\nHost: kv\r\nContent-Length: 12a\r\n\r\n", 400);
    rejected("PUT /x HTTP/1.1\r\nHost: kv\r\nContent-Length: -1\r\n\r\n", 400);
    rejected("PUT /x HTTP/1.1\r\nHost: kv\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        400);
  }

  @Test
  void otherUnsupportedRequests() throws Exception {
    rejected("GET / HTTP/2.0\r\nHost: kv\r\n\r\n", 505);
    rejected("PUT /x HTTP/1.1\r\nHost: kv\r\nTransfer-Encoding: chunked\r\n\r\n", 501);
    rejected("PUT /x HTTP/1.1\r\nHost: kv\r\nContent-Length: 99999999999999999999\r\n\r\n",
        413);
    rejected("GET / HTTP/1.1\r\nHost: kv\r\nX-Big: " + "y".repeat(3000) + "\r\n\r\n", 431);
    rejected("GET /" + "z".repeat(3000), 431); // the request line alone is too long
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: kv\r\n");
    for (int i = 0; i < 40; i++) {
      many.append("X-").append(i).append(": 1\r\n");
    }
    rejected(many.append("\r\n").toString(), 431);
  }

  @Test
  void lenientWhereTheRfcAllows() {
    // Empty lines before the request line, bare LF line ends, spaces around values.
    List<Response> rs = send("\r\n\r\nPUT /lf HTTP/1.1\nHost: kv\nContent-Length:   2  \n\nok"
        + "GET /lf HTTP/1.1\nhost:kv\n\n", 2);
    assertThat(rs).extracting(Response::status).containsExactly(201, 200);
    assertThat(rs.get(1).body()).isEqualTo("ok");
  }

  @Test
  void http10ClosesUnlessKeepAlive() throws Exception {
    int flow = h.open();
    h.send(flow, "GET /nothing HTTP/1.0\r\n\r\n");
    Response r = HttpResponses.one(h.await(flow, t -> ServiceHarness.completeResponses(t, 1)));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Connection")).isEqualTo("close");
    KvServiceTest.awaitClosed(h, flow);

    List<Response> rs = send("GET /nothing HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
        + "GET /nothing HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 2);
    assertThat(rs).extracting(r2 -> r2.header("Connection"))
        .containsExactly("keep-alive", "keep-alive");
  }

  @Test
  void connectionCloseClosesAfterTheResponseAndIgnoresWhatFollows() throws Exception {
    int flow = h.open();
    h.send(flow, "GET /a HTTP/1.1\r\nHost: kv\r\nConnection: close\r\n\r\n"
        + "GET /b HTTP/1.1\r\nHost: kv\r\n\r\n");
    KvServiceTest.awaitClosed(h, flow);
    assertThat(HttpResponses.parse(h.received(flow))).hasSize(1);
  }

  @Test
  void headHasContentLengthButNoBody() {
    send("PUT /h HTTP/1.1\r\nHost: kv\r\nContent-Length: 5\r\n\r\nhello", 1);
    int flow = h.open();
    h.send(flow, "HEAD /h HTTP/1.1\r\nHost: kv\r\n\r\nGET /h HTTP/1.1\r\nHost: kv\r\n\r\n");
    String text = h.await(flow, t -> t.contains("\r\n\r\nhello"));
    assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 5\r\n");
    assertThat(text.indexOf("HTTP/1.1 200 OK", 1)).isGreaterThan(0); // the GET follows at once
    h.close(flow);
  }

  @Test
  void everySplitPointOfAPipelinedPairWorks() {
    String body = "split-value";
    String raw = "PUT /sp HTTP/1.1\r\nHost: kv\r\nContent-Length: " + body.length() + "\r\n\r\n"
        + body + "GET /sp HTTP/1.1\r\nHost: kv\r\n\r\n";
    for (int cut = 1; cut < raw.length(); cut += 3) {
      int flow = h.open();
      h.send(flow, raw.substring(0, cut));
      h.send(flow, raw.substring(cut));
      List<Response> rs = HttpResponses.parse(
          h.await(flow, t -> ServiceHarness.completeResponses(t, 2)));
      assertThat(rs).as("cut at %d", cut).extracting(Response::status)
          .containsExactly(cut == 1 ? 201 : 204, 200);
      assertThat(rs.get(1).body()).isEqualTo(body);
      h.close(flow);
    }
  }

  @Test
  void aBodyLargerThanOneMessage() {
    String value = "0123456789".repeat(400); // 4000 bytes, sent in pieces
    int flow = h.open();
    h.send(flow, "PUT /big HTTP/1.1\r\nHost: kv\r\nContent-Length: 4000\r\n\r\n");
    for (int at = 0; at < value.length(); at += 700) {
      h.send(flow, value.substring(at, Math.min(value.length(), at + 700)));
    }
    h.await(flow, t -> ServiceHarness.completeResponses(t, 1));
    h.close(flow);
    assertThat(send("GET /big HTTP/1.1\r\nHost: kv\r\n\r\n", 1).get(0).body()).isEqualTo(value);
  }
}
