/*
 * kv: a key-value store over HTTP that keeps every acknowledged write on its virtual disk
 * (kv/README.md has the API, the disk format and the durability argument).
 *
 *   PUT /key     body = value  -> 201 Created (new key) or 204 No Content (replaced)
 *   GET /key                   -> 200 with the value, or 404
 *   DELETE /key                -> 204, or 404
 *   GET /                      -> statistics and the keys, as text
 *
 * The disk is a pair of superblocks and two log regions; one region is active. Each PUT or
 * DELETE appends one record (a checksummed header, the key, the value) at the log's tail,
 * starting on a fresh block, and the response is sent only after d.disk.write and
 * d.disk.flush succeeded. When the active region is full the live records are copied to the
 * other region under a new epoch, which a superblock then makes current. In memory there is
 * only an index: key -> where its latest record lies.
 */
#include <denali.h>
#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

DENALI_SETTINGS("memory=1M", "stack=64K", "service=kv", "http=message");

static void list(http_response *res) {
  const kv_stats *s = kv_store_stats();
  http_set_header(res, "Content-Type", "text/plain");
  http_printf(res, "keys %u\nvalue-bytes %u\nepoch %u\nregion %u\nlog-blocks %u of %u\n"
      "compactions %u\nrecovered-records %u\ndisk-blocks %u%s\n",
      s->keys, s->value_bytes, s->epoch, s->region, s->used_blocks, s->region_blocks,
      s->compactions, s->recovered, s->disk_blocks, s->volatile_disk ? " (volatile RAM disk)" : "");
  http_puts(res, "\n");
  for (int i = kv_store_next(-1); i >= 0; i = kv_store_next(i)) {
    const uint8_t *key;
    uint32_t key_len, value_len;
    kv_store_entry(i, &key, &key_len, &value_len);
    if (res->body_len + key_len + 16 > res->body_cap) {
      http_puts(res, "...\n");
      break;
    }
    http_write(res, key, key_len);
    http_printf(res, " %u\n", (unsigned)value_len);
  }
}

static void answer(http_response *res, int status) {
  if (status == 200 || status == 201 || status == 204) {
    http_set_status(res, status);
  } else {
    http_error(res, status);
  }
}

void handle(const http_request *req, http_response *res) {
  const char *key = req->path + 1;
  uint32_t key_len = (uint32_t)strlen(key);
  if (kv_store_broken()) {
    http_error(res, 503);
    return;
  }
  if (key_len == 0) {
    if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) {
      list(res);
    } else {
      http_set_header(res, "Allow", "GET, HEAD");
      http_error(res, 405);
    }
    return;
  }
  if (key_len > KV_MAX_KEY) {
    http_error(res, 414);
    return;
  }
  if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) {
    uint32_t len;
    int status = kv_store_get((const uint8_t *)key, key_len, kv_value_buffer(), &len);
    if (status != 200) {
      http_error(res, status);
      return;
    }
    http_set_header(res, "Content-Type", "application/octet-stream");
    http_write(res, kv_value_buffer(), len);
  } else if (strcmp(req->method, "PUT") == 0) {
    answer(res, kv_store_put((const uint8_t *)key, key_len, req->body, (uint32_t)req->body_len));
  } else if (strcmp(req->method, "DELETE") == 0) {
    answer(res, kv_store_delete((const uint8_t *)key, key_len));
  } else {
    http_set_header(res, "Allow", "GET, HEAD, PUT, DELETE");
    http_error(res, 405);
  }
}

int main(void) {
  kv_store_open();
  http_config config = {
      .max_flows = 16,
      .max_header_bytes = 2048,
      .max_body_bytes = KV_MAX_VALUE,
      .max_response_bytes = 16384,
  };
  int r = http_serve(handle, &config);
  fprintf(stderr, "kv: http_serve failed: %d\n", r);
  return 1;
}
