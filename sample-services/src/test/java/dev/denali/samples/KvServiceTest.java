package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.kernel.VmOptions;
import dev.denali.samples.HttpResponses.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kv service (sample-services/kv): HTTP semantics of GET/PUT/DELETE, and durability on its
 * virtual disk across kernel restarts and simulated crashes (kv/README.md, "Disk format").
 */
class KvServiceTest {
  static final int BLOCK = 4096;

  @TempDir
  Path dir;

  /** A zero-filled disk image of {@code blocks} blocks. */
  Path image(String name, int blocks) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, new byte[blocks * BLOCK]);
    return p;
  }

  static ServiceHarness kv(Path disk) throws Exception {
    return ServiceHarness.start("kv", VmOptions.defaults().withDisk(disk));
  }

  static Response put(ServiceHarness h, String key, String value) {
    return HttpResponses.one(call(h, "PUT /" + key + " HTTP/1.1\r\nHost: kv\r\n"
        + "Content-Length: " + value.length() + "\r\n\r\n" + value));
  }

  static Response get(ServiceHarness h, String key) {
    return HttpResponses.one(call(h, "GET /" + key + " HTTP/1.1\r\nHost: kv\r\n\r\n"));
  }

  static Response delete(ServiceHarness h, String key) {
    return HttpResponses.one(call(h, "DELETE /" + key + " HTTP/1.1\r\nHost: kv\r\n\r\n"));
  }

  @Test
  void putGetDeleteSemantics() throws Exception {
    try (ServiceHarness h = kv(image("disk.img", 64))) {
      assertThat(get(h, "greeting").status()).isEqualTo(404);
      assertThat(put(h, "greeting", "hello").status()).isEqualTo(201);
      Response r = get(h, "greeting");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("hello");
      assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(put(h, "greeting", "bonjour").status()).isEqualTo(204);
      assertThat(get(h, "greeting").body()).isEqualTo("bonjour");
      assertThat(put(h, "empty", "").status()).isEqualTo(201);
      assertThat(get(h, "empty").body()).isEmpty();
      assertThat(delete(h, "greeting").status()).isEqualTo(204);
      assertThat(get(h, "greeting").status()).isEqualTo(404);
      assertThat(delete(h, "greeting").status()).isEqualTo(404);
      Response head = HttpResponses.one(call(h, "HEAD /empty HTTP/1.1\r\nHost: kv\r\n\r\n"));
      assertThat(head.status()).isEqualTo(200);
      Response post = HttpResponses.one(call(h, "POST /x HTTP/1.1\r\nHost: kv\r\n\r\n"));
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.header("Allow")).contains("PUT");
    }
  }

  @Test
  void rootListsStatsAndKeys() throws Exception {
    try (ServiceHarness h = kv(image("disk.img", 64))) {
      put(h, "a", "1");
      put(h, "dir/b", "22");
      Response r = get(h, "");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("keys 2\n", "value-bytes 3\n", "\na 1\n", "\ndir/b 2\n");
    }
  }

  @Test
  void limits() throws Exception {
    try (ServiceHarness h = kv(image("disk.img", 64))) {
      String value = "v".repeat(4000);
      assertThat(put(h, "big", value).status()).isEqualTo(201);
      assertThat(get(h, "big").body()).isEqualTo(value);
      String key = "k".repeat(128);
      assertThat(put(h, key, "x").status()).isEqualTo(201);
      assertThat(get(h, key).body()).isEqualTo("x");
      assertThat(put(h, key + "k", "x").status()).isEqualTo(414);
      int flow = h.open();
      h.send(flow, "PUT /huge HTTP/1.1\r\nHost: kv\r\nContent-Length: 4001\r\n\r\n");
      Response r = HttpResponses.one(h.await(flow, t -> ServiceHarness.completeResponses(t, 1)));
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("Connection")).isEqualTo("close");
      awaitClosed(h, flow);
    }
  }

  @Test
  void keepAliveAndPipelining() throws Exception {
    try (ServiceHarness h = kv(image("disk.img", 64))) {
      int flow = h.open();
      h.send(flow, "PUT /p HTTP/1.1\r\nHost: kv\r\nContent-Length: 3\r\n\r\none");
      h.await(flow, t -> ServiceHarness.completeResponses(t, 1));
      h.send(flow, "GET /p HTTP/1.1\r\nHost: kv\r\n\r\n"
          + "PUT /p HTTP/1.1\r\nHost: kv\r\nContent-Length: 3\r\n\r\ntwo"
          + "GET /p HTTP/1.1\r\nHost: kv\r\n\r\n"
          + "DELETE /p HTTP/1.1\r\nHost: kv\r\n\r\n"
          + "GET /p HTTP/1.1\r\nHost: kv\r\nConnection: close\r\n\r\n");
      List<Response> rs = HttpResponses.parse(
          h.await(flow, t -> ServiceHarness.completeResponses(t, 6)));
      assertThat(rs).extracting(Response::status).containsExactly(201, 200, 204, 200, 204, 404);
      assertThat(rs.get(1).body()).isEqualTo("one");
      assertThat(rs.get(3).body()).isEqualTo("two");
      assertThat(rs.get(4).header("Connection")).isNull();
      assertThat(rs.get(5).header("Connection")).isEqualTo("close");
      awaitClosed(h, flow);
    }
  }

  @Test
  void requestSplitIntoOneByteMessages() throws Exception {
    try (ServiceHarness h = kv(image("disk.img", 64))) {
      byte[] request = ("PUT /split HTTP/1.1\r\nHost: kv\r\nContent-Length: 10\r\n\r\n0123456789"
          + "GET /split HTTP/1.1\r\nHost: kv\r\n\r\n").getBytes();
      int flow = h.open();
      for (byte b : request) {
        h.send(flow, new byte[] {b});
      }
      List<Response> rs = HttpResponses.parse(
          h.await(flow, t -> ServiceHarness.completeResponses(t, 2)));
      assertThat(rs).extracting(Response::status).containsExactly(201, 200);
      assertThat(rs.get(1).body()).isEqualTo("0123456789");
    }
  }

  @Test
  void manyFlowsInterleaved() throws Exception {
    try (ServiceHarness h = kv(image("disk.img", 128))) {
      int[] flows = new int[16];
      for (int i = 0; i < flows.length; i++) {
        flows[i] = h.open();
        h.send(flows[i], "PUT /f" + i + " HTTP/1.1\r\nHost: kv\r\nContent-");
      }
      for (int i = flows.length - 1; i >= 0; i--) {
        String v = "value-" + i;
        h.send(flows[i], "Length: " + v.length() + "\r\n\r\n" + v);
      }
      for (int i = 0; i < flows.length; i++) {
        int f = flows[i];
        assertThat(HttpResponses.one(h.await(f, t -> ServiceHarness.completeResponses(t, 1)))
            .status()).isEqualTo(201);
        h.close(f);
      }
      for (int i = 0; i < flows.length; i++) {
        assertThat(get(h, "f" + i).body()).isEqualTo("value-" + i);
      }
    }
  }

  @Test
  void flowsBeyondTheTableAreRefusedWith503() throws Exception {
    try (ServiceHarness h = kv(image("disk.img", 64))) {
      int[] flows = new int[16];
      for (int i = 0; i < flows.length; i++) {
        flows[i] = h.open();
      }
      int extra = h.open();
      Response r = HttpResponses.one(h.await(extra,
          t -> ServiceHarness.completeResponses(t, 1)));
      assertThat(r.status()).isEqualTo(503);
      awaitClosed(h, extra);
      h.close(flows[0]);
      assertThat(put(h, "after", "ok").status()).isEqualTo(201);
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesARestart() throws Exception {
    Path disk = image("disk.img", 256);
    Map<String, String> expected = new HashMap<>();
    try (ServiceHarness h = kv(disk)) {
      for (int i = 0; i < 40; i++) {
        String v = ("v" + i + "-").repeat(i * 37 % 500 + 1);
        assertThat(put(h, "key" + i, v).status()).isEqualTo(201);
        expected.put("key" + i, v);
      }
      for (int i = 0; i < 40; i += 3) {
        assertThat(put(h, "key" + i, "replaced" + i).status()).isEqualTo(204);
        expected.put("key" + i, "replaced" + i);
      }
      for (int i = 1; i < 40; i += 5) {
        assertThat(delete(h, "key" + i).status()).isEqualTo(204);
        expected.remove("key" + i);
      }
    }
    try (ServiceHarness h = kv(disk)) {
      for (int i = 0; i < 40; i++) {
        Response r = get(h, "key" + i);
        if (expected.containsKey("key" + i)) {
          assertThat(r.status()).as("key%d", i).isEqualTo(200);
          assertThat(r.body()).isEqualTo(expected.get("key" + i));
        } else {
          assertThat(r.status()).as("key%d", i).isEqualTo(404);
        }
      }
      assertThat(get(h, "").body()).contains("keys " + expected.size() + "\n");
    }
  }

  @Test
  void compactionKeepsLiveDataAcrossRestarts() throws Exception {
    Path disk = image("disk.img", 12); // two regions of 5 blocks
    try (ServiceHarness h = kv(disk)) {
      assertThat(put(h, "stable", "s").status()).isEqualTo(201);
      for (int i = 0; i < 30; i++) {
        assertThat(put(h, "counter", "n" + i).status()).isIn(201, 204);
      }
      assertThat(get(h, "").body()).doesNotContain("compactions 0\n");
    }
    try (ServiceHarness h = kv(disk)) {
      assertThat(get(h, "counter").body()).isEqualTo("n29");
      assertThat(get(h, "stable").body()).isEqualTo("s");
      for (int i = 30; i < 45; i++) {
        put(h, "counter", "n" + i);
      }
    }
    try (ServiceHarness h = kv(disk)) {
      assertThat(get(h, "counter").body()).isEqualTo("n44");
      assertThat(get(h, "stable").body()).isEqualTo("s");
    }
  }

  @Test
  void fullDiskAnswers507AndKeepsEarlierData() throws Exception {
    Path disk = image("disk.img", 8); // two regions of 3 blocks
    try (ServiceHarness h = kv(disk)) {
      for (int i = 0; i < 3; i++) {
        assertThat(put(h, "k" + i, "v" + i).status()).isEqualTo(201);
      }
      assertThat(put(h, "k3", "v3").status()).isEqualTo(507);
      assertThat(put(h, "k0", "w0").status()).isEqualTo(507);
      assertThat(delete(h, "k1").status()).isEqualTo(507);
      for (int i = 0; i < 3; i++) {
        assertThat(get(h, "k" + i).body()).isEqualTo("v" + i);
      }
    }
    try (ServiceHarness h = kv(disk)) {
      assertThat(get(h, "k2").body()).isEqualTo("v2");
      assertThat(get(h, "k3").status()).isEqualTo(404);
    }
  }

  /**
   * A crash while a record is being written: the image holds every acknowledged record and only
   * the first block (or part of it) of the next one. Recovery keeps the acknowledged records,
   * drops the torn one, and the store goes on working.
   */
  @Test
  void tornLastRecordDoesNotCorruptEarlierOnes() throws Exception {
    Path disk = image("disk.img", 64);
    byte[] afterA;
    byte[] afterB;
    try (ServiceHarness h = kv(disk)) {
      assertThat(put(h, "a", "first").status()).isEqualTo(201);
      afterA = Files.readAllBytes(disk);
      // 20 + 100 + 4000 bytes: a 2-block record
      assertThat(put(h, "b".repeat(100), "B".repeat(4000)).status()).isEqualTo(201);
      afterB = Files.readAllBytes(disk);
    }
    int[] changed = changedBlocks(afterA, afterB);
    assertThat(changed).hasSize(2);

    // Only the record's first block reached the disk.
    Path torn = dir.resolve("torn.img");
    byte[] image = afterA.clone();
    System.arraycopy(afterB, changed[0] * BLOCK, image, changed[0] * BLOCK, BLOCK);
    Files.write(torn, image);
    try (ServiceHarness h = kv(torn)) {
      assertThat(get(h, "a").body()).isEqualTo("first");
      assertThat(get(h, "b".repeat(100)).status()).isEqualTo(404);
      assertThat(put(h, "c", "third").status()).isEqualTo(201);
    }
    try (ServiceHarness h = kv(torn)) {
      assertThat(get(h, "a").body()).isEqualTo("first");
      assertThat(get(h, "b".repeat(100)).status()).isEqualTo(404);
      assertThat(get(h, "c").body()).isEqualTo("third");
    }

    // Half of a one-block record: a torn sector write.
    Path half = dir.resolve("half.img");
    Files.write(half, afterA);
    byte[] afterC;
    try (ServiceHarness h = kv(half)) {
      assertThat(put(h, "c", "small").status()).isEqualTo(201);
      afterC = Files.readAllBytes(half);
    }
    int[] changedC = changedBlocks(afterA, afterC);
    assertThat(changedC).hasSize(1);
    byte[] halfImage = afterA.clone();
    System.arraycopy(afterC, changedC[0] * BLOCK, halfImage, changedC[0] * BLOCK, 12);
    Files.write(half, halfImage);
    try (ServiceHarness h = kv(half)) {
      assertThat(get(h, "a").body()).isEqualTo("first");
      assertThat(get(h, "c").status()).isEqualTo(404);
    }
  }

  @Test
  void aDiskWithForeignDataIsNotFormatted() throws Exception {
    Path disk = image("disk.img", 16);
    byte[] junk = new byte[16 * BLOCK];
    Arrays.fill(junk, (byte) 0x5a);
    Files.write(disk, junk);
    try (ServiceHarness h = kv(disk)) {
      assertThat(get(h, "a").status()).isEqualTo(503);
    }
    assertThat(Files.readAllBytes(disk)).isEqualTo(junk);
  }

  @Test
  void withoutADiskItKeepsDataInMemory() throws Exception {
    try (ServiceHarness h = ServiceHarness.start("kv")) {
      assertThat(put(h, "volatile", "yes").status()).isEqualTo(201);
      assertThat(get(h, "volatile").body()).isEqualTo("yes");
      assertThat(get(h, "").body()).contains("volatile RAM disk");
    }
  }

  /**
   * One request on a new flow, which the client closes after the response (the guest's flow
   * table holds 16 flows; ServiceHarness.exchange leaves its flows open).
   */
  static String call(ServiceHarness h, String request) {
    int flow = h.open();
    h.send(flow, request);
    String response = h.await(flow, t -> ServiceHarness.completeResponses(t, 1));
    h.close(flow);
    return response;
  }

  static int[] changedBlocks(byte[] before, byte[] after) {
    return java.util.stream.IntStream.range(0, before.length / BLOCK)
        .filter(b -> !Arrays.equals(before, b * BLOCK, (b + 1) * BLOCK, after, b * BLOCK,
            (b + 1) * BLOCK))
        .toArray();
  }

  static void awaitClosed(ServiceHarness h, int flow) throws InterruptedException {
    for (int i = 0; i < 30_000 && !h.closedByGuest(flow); i++) {
      Thread.sleep(1);
    }
    assertThat(h.closedByGuest(flow)).as("the guest closed flow %d", flow).isTrue();
  }
}
