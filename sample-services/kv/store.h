/*
 * store.h: kv's durable store (store.c): a log of checksummed records on the virtual disk and
 * an in-memory index. Results are HTTP status codes, so the handler passes them on.
 */
#ifndef KV_STORE_H
#define KV_STORE_H

#include <stdint.h>

#define KV_MAX_KEY 128    /* bytes of a key (the URL path after '/', as sent) */
#define KV_MAX_VALUE 4000 /* bytes of a value; a larger PUT body gets 413 from the server */
#define KV_MAX_KEYS 2048  /* keys at once (also bounded by the disk); beyond: 507 */

typedef struct kv_stats {
  unsigned keys, value_bytes;
  unsigned epoch, log_id, region, used_blocks, region_blocks;
  unsigned compactions, recovered, disk_blocks;
  int volatile_disk;
} kv_stats;

/* Opens the disk (formats an all-zero one), recovers the index. Failures make it "broken". */
void kv_store_open(void);
/* True when the disk holds something that is not a kv store, or could not be read. */
int kv_store_broken(void);

/* 200 with the value in out[0..*len) (out: KV_MAX_VALUE bytes), 404, or 500 (I/O, checksum). */
int kv_store_get(const uint8_t *key, uint32_t key_len, uint8_t *out, uint32_t *len);
/* 201 (new key) or 204 (replaced), once durable; 507 when full; 500 on I/O errors. */
int kv_store_put(const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t len);
/* 204 once durable, 404, 507 or 500. */
int kv_store_delete(const uint8_t *key, uint32_t key_len);

/* A KV_MAX_VALUE-byte buffer for kv_store_get. */
uint8_t *kv_value_buffer(void);
const kv_stats *kv_store_stats(void);
/* Iterates the keys: the entry after `i` (-1 to start), or -1 at the end. */
int kv_store_next(int i);
void kv_store_entry(int i, const uint8_t **key, uint32_t *key_len, uint32_t *value_len);

#endif
