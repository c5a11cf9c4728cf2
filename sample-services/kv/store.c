/*
 * store.c: kv's log-structured store on the virtual disk (format and durability argument in
 * kv/README.md, "Disk format").
 *
 *   block 0, 1         superblock slots; the valid one with the higher epoch is current
 *   blocks 2 .. 2+H    region 0 } H = (blocks - 2) / 2 each; the current superblock names the
 *   blocks 2+H .. 2+2H region 1 } active region and the id of the log it holds
 *
 * A record starts on a block boundary and takes ceil((20 + key + value) / 4096) blocks (1 or
 * 2). Recovery replays the active region from its first block while records are valid: magic,
 * the current log id, the next sequence number, sane lengths, and a CRC-32 over header, key and
 * value. No block holding an acknowledged record is written again until a compaction has moved
 * every live record to the other region and a flushed superblock made that region current.
 *
 * A little over 500 lines: the format, recovery, appends and compaction are one argument about
 * durability (kv/README.md) and read best together.
 */
#include <denali.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

#define BLOCK 4096
#define SB_MAGIC 0x53564b44u  /* "DKVS" */
#define REC_MAGIC 0x52564b44u /* "DKVR" */
#define VERSION 1
#define HEADER 20
#define PUT 1
#define DELETE 2
#define RAM_BLOCKS 48         /* the volatile disk used when no disk is attached */
#define BUCKETS 1024          /* hash buckets of the index (a power of two) */

typedef struct entry {
  uint8_t key[KV_MAX_KEY];
  uint8_t key_len;            /* 0: a free entry */
  uint8_t blocks;             /* blocks of its record */
  uint16_t value_len;
  uint32_t block;             /* where its latest PUT record starts */
  uint32_t moved_to;          /* during a compaction: where the copy starts */
  int32_t next;               /* next entry in the bucket, or in the free list; -1 ends */
} entry;

static entry *entries;
static uint32_t max_keys;
static int32_t buckets[BUCKETS];
static int32_t free_list = -1;
static uint8_t *io;           /* two blocks: one record */
static uint8_t *values;       /* KV_MAX_VALUE bytes for GET */
static uint8_t *ram_disk;
static int broken;
static uint32_t region_start, region_end, tail, next_seq;
static kv_stats stats;
static uint32_t crc_table[256];

/* ------------------------------------------------------------------ helpers */
static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

static uint32_t crc32(const uint8_t *p, uint32_t n) {
  if (crc_table[1] == 0) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      }
      crc_table[i] = c;
    }
  }
  uint32_t c = 0xffffffffu;
  while (n--) {
    c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
  }
  return c ^ 0xffffffffu;
}

static uint32_t hash(const uint8_t *key, uint32_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  while (n--) {
    h = (h ^ *key++) * 16777619u;
  }
  return h;
}

static uint32_t blocks_for(uint32_t key_len, uint32_t value_len) {
  return (HEADER + key_len + value_len + BLOCK - 1) / BLOCK;
}

/* ------------------------------------------------------------------ the disk */
static int disk_read(uint32_t b, uint8_t *buf) {
  if (ram_disk) {
    memcpy(buf, ram_disk + b * BLOCK, BLOCK);
    return 0;
  }
  return d_disk_read(b, buf);
}

static int disk_write(uint32_t b, const uint8_t *buf) {
  if (ram_disk) {
    memcpy(ram_disk + b * BLOCK, buf, BLOCK);
    return 0;
  }
  return d_disk_write(b, buf);
}

static int disk_flush(void) { return ram_disk ? 0 : d_disk_flush(); }

/* ------------------------------------------------------------------ the index */
static int32_t find(const uint8_t *key, uint32_t n) {
  for (int32_t i = buckets[hash(key, n) & (BUCKETS - 1)]; i >= 0; i = entries[i].next) {
    if (entries[i].key_len == n && memcmp(entries[i].key, key, n) == 0) {
      return i;
    }
  }
  return -1;
}

/* Points `key` at a record; returns 201 (new), 204 (replaced) or 507 (index full). */
static int index_put(const uint8_t *key, uint32_t n, uint32_t block, uint32_t value_len) {
  int32_t i = find(key, n);
  int status = 204;
  if (i < 0) {
    if (free_list < 0) {
      return 507;
    }
    i = free_list;
    free_list = entries[i].next;
    entry *e = &entries[i];
    memcpy(e->key, key, n);
    e->key_len = (uint8_t)n;
    int32_t *bucket = &buckets[hash(key, n) & (BUCKETS - 1)];
    e->next = *bucket;
    *bucket = i;
    stats.keys++;
    status = 201;
  } else {
    stats.value_bytes -= entries[i].value_len;
  }
  entries[i].block = block;
  entries[i].blocks = (uint8_t)blocks_for(n, value_len);
  entries[i].value_len = (uint16_t)value_len;
  stats.value_bytes += value_len;
  return status;
}

static void index_remove(const uint8_t *key, uint32_t n) {
  int32_t *link = &buckets[hash(key, n) & (BUCKETS - 1)];
  while (*link >= 0) {
    entry *e = &entries[*link];
    if (e->key_len == n && memcmp(e->key, key, n) == 0) {
      int32_t i = *link;
      *link = e->next;
      stats.keys--;
      stats.value_bytes -= e->value_len;
      e->key_len = 0;
      e->next = free_list;
      free_list = i;
      return;
    }
    link = &e->next;
  }
}

/* ------------------------------------------------------------------ records */
/* Fills io with a record; returns its block count. */
static uint32_t encode(uint32_t log_id, uint32_t seq, int type, const uint8_t *key,
    uint32_t key_len, const uint8_t *value, uint32_t value_len) {
  uint32_t nb = blocks_for(key_len, value_len);
  memset(io, 0, nb * BLOCK);
  put32(io, REC_MAGIC);
  put32(io + 4, log_id);
  put32(io + 8, seq);
  io[12] = (uint8_t)type;
  io[13] = (uint8_t)key_len;
  io[14] = (uint8_t)value_len;
  io[15] = (uint8_t)(value_len >> 8);
  memcpy(io + HEADER, key, key_len);
  memcpy(io + HEADER + key_len, value, value_len);
  put32(io + 16, 0);
  put32(io + 16, crc32(io, HEADER + key_len + value_len));
  return nb;
}

/*
 * Reads the record at `block` into io and checks it (seq only when non-zero).
 * Returns its block count, 0 when it is not a valid record, or -1 on an I/O error.
 */
static int decode(uint32_t block, uint32_t log_id, uint32_t seq) {
  if (disk_read(block, io) != 0) {
    return -1;
  }
  uint32_t key_len = io[13], value_len = io[14] | (uint32_t)io[15] << 8;
  if (get32(io) != REC_MAGIC || get32(io + 4) != log_id
      || (seq && get32(io + 8) != seq) || (io[12] != PUT && io[12] != DELETE) || key_len == 0
      || key_len > KV_MAX_KEY || value_len > KV_MAX_VALUE) {
    return 0;
  }
  uint32_t nb = blocks_for(key_len, value_len);
  if (block + nb > region_end) {
    return 0;
  }
  if (nb == 2 && disk_read(block + 1, io + BLOCK) != 0) {
    return -1;
  }
  uint32_t stored = get32(io + 16);
  put32(io + 16, 0);
  uint32_t actual = crc32(io, HEADER + key_len + value_len);
  put32(io + 16, stored);
  return stored == actual ? (int)nb : 0;
}

/* ------------------------------------------------------------------ superblocks */
static void set_region(uint32_t region) {
  stats.region = region;
  region_start = 2 + region * stats.region_blocks;
  region_end = region_start + stats.region_blocks;
}

/*
 * A log id for a new log: never 0, and different from every earlier attempt's with
 * overwhelming probability (wall clock, instructions retired, epoch), so that records a failed
 * compaction left in a region never continue a later log there.
 */
static uint32_t new_log_id(uint32_t epoch) {
  uint64_t now = 0;
  d_clock_read(&now);
  uint32_t id = (uint32_t)now ^ (uint32_t)(now >> 32) ^ denali_rdinstret() * 2654435761u
      ^ epoch * 40503u;
  return id ? id : 1;
}

/* Writes a superblock into slot epoch & 1 and flushes it. */
static int write_superblock(uint32_t epoch, uint32_t log_id, uint32_t region, uint32_t blocks) {
  memset(io, 0, BLOCK);
  put32(io, SB_MAGIC);
  put32(io + 4, VERSION);
  put32(io + 8, epoch);
  put32(io + 12, region);
  put32(io + 16, blocks);
  put32(io + 20, log_id);
  put32(io + 24, crc32(io, 24));
  if (disk_write(epoch & 1, io) != 0 || disk_flush() != 0) {
    return -1;
  }
  return 0;
}

/* Reads slot `slot`: 1 valid (the fields set), 0 invalid, -1 all zero, -2 I/O error. */
static int read_superblock(uint32_t slot, uint32_t *epoch, uint32_t *log_id, uint32_t *region,
    uint32_t *blocks) {
  if (disk_read(slot, io) != 0) {
    return -2;
  }
  if (get32(io) == SB_MAGIC && get32(io + 4) == VERSION && get32(io + 24) == crc32(io, 24)
      && get32(io + 12) <= 1 && get32(io + 8) != 0 && get32(io + 20) != 0) {
    *epoch = get32(io + 8);
    *region = get32(io + 12);
    *blocks = get32(io + 16);
    *log_id = get32(io + 20);
    return 1;
  }
  for (uint32_t i = 0; i < BLOCK; i++) {
    if (io[i] != 0) {
      return 0;
    }
  }
  return -1;
}

static void fail_open(const char *why) {
  broken = 1;
  fprintf(stderr, "kv: %s; every request gets 503\n", why);
}

void kv_store_open(void) {
  io = malloc(2 * BLOCK);
  values = malloc(KV_MAX_VALUE);
  uint32_t blocks = DENALI_VREGS->disk_blocks;
  if (blocks == 0) {
    blocks = RAM_BLOCKS;
    ram_disk = calloc(RAM_BLOCKS, BLOCK);
    stats.volatile_disk = 1;
    printf("kv: no disk attached: using a volatile %u KiB RAM disk\n", RAM_BLOCKS * 4);
  }
  stats.disk_blocks = blocks;
  if (io == NULL || values == NULL || (stats.volatile_disk && ram_disk == NULL)) {
    fail_open("out of memory");
    return;
  }
  if (blocks < 6) {
    fail_open("the disk is smaller than 6 blocks");
    return;
  }
  uint32_t e[2] = {0, 0}, l[2] = {0, 0}, r[2] = {0, 0}, b[2] = {0, 0};
  int s0 = read_superblock(0, &e[0], &l[0], &r[0], &b[0]);
  int s1 = read_superblock(1, &e[1], &l[1], &r[1], &b[1]);
  if (s0 == -2 || s1 == -2) {
    fail_open("cannot read the superblocks");
    return;
  }
  if (s0 == 1 || s1 == 1) {
    int best = s1 == 1 && (s0 != 1 || e[1] > e[0]) ? 1 : 0;
    stats.epoch = e[best];
    stats.log_id = l[best];
    stats.region = r[best];
    if (b[best] > blocks || b[best] < 6) {
      fail_open("the disk is smaller than the store on it");
      return;
    }
    blocks = b[best];
  } else if (s0 == -1 && s1 == -1) {
    stats.epoch = 1;
    stats.log_id = new_log_id(1);
    if (write_superblock(1, stats.log_id, 0, blocks) != 0) {
      fail_open("cannot format the disk");
      return;
    }
    printf("kv: formatted a %u-block disk\n", (unsigned)blocks);
  } else {
    fail_open("the disk holds something else (no valid superblock, not all zero)");
    return;
  }
  stats.region_blocks = (blocks - 2) / 2;
  set_region(stats.region);
  max_keys = stats.region_blocks < KV_MAX_KEYS ? stats.region_blocks : KV_MAX_KEYS;
  entries = calloc(max_keys, sizeof *entries);
  if (entries == NULL) {
    fail_open("out of memory for the index");
    return;
  }
  for (uint32_t i = 0; i < BUCKETS; i++) {
    buckets[i] = -1;
  }
  for (uint32_t i = 0; i < max_keys; i++) {
    entries[i].next = i + 1 < max_keys ? (int32_t)i + 1 : -1;
  }
  free_list = 0;
  /* Replay the log of the current epoch. */
  uint32_t pos = region_start, seq = 1;
  for (;;) {
    int nb = pos < region_end ? decode(pos, stats.log_id, seq) : 0;
    if (nb < 0) {
      fail_open("cannot read the log");
      return;
    }
    if (nb == 0) {
      break;
    }
    uint32_t value_len = io[14] | (uint32_t)io[15] << 8;
    if (io[12] == PUT) {
      if (index_put(io + HEADER, io[13], pos, value_len) == 507) {
        fail_open("the log holds more keys than the index");
        return;
      }
    } else {
      index_remove(io + HEADER, io[13]);
    }
    pos += (uint32_t)nb;
    seq++;
    stats.recovered++;
  }
  tail = pos;
  next_seq = seq;
  stats.used_blocks = tail - region_start;
  printf("kv: epoch %u, region %u: recovered %u records, %u keys\n", stats.epoch, stats.region,
      stats.recovered, stats.keys);
}

/*
 * Copies every live record to the other region under epoch + 1, flushes, then makes that
 * region current with a flushed superblock. Returns 0, or 500 with nothing changed (a failed
 * superblock write leaves the store broken: which epoch is current is then unknown).
 */
static int compact(void) {
  uint32_t epoch = stats.epoch + 1, region = 1 - stats.region, log_id = new_log_id(epoch);
  uint32_t start = 2 + region * stats.region_blocks, pos = start, seq = 1;
  for (uint32_t i = 0; i < max_keys; i++) {
    entry *e = &entries[i];
    if (e->key_len == 0) {
      continue;
    }
    if (decode(e->block, stats.log_id, 0) != (int)e->blocks) {
      return 500;
    }
    /* The same record under the new log: only log id, seq and CRC change. */
    put32(io + 4, log_id);
    put32(io + 8, seq);
    put32(io + 16, 0);
    put32(io + 16, crc32(io, HEADER + e->key_len + e->value_len));
    for (uint32_t k = 0; k < e->blocks; k++) {
      if (disk_write(pos + k, io + k * BLOCK) != 0) {
        return 500;
      }
    }
    e->moved_to = pos;
    pos += e->blocks;
    seq++;
  }
  if (disk_flush() != 0) {
    return 500;
  }
  if (write_superblock(epoch, log_id, region, 2 + 2 * stats.region_blocks) != 0) {
    broken = 1;
    fprintf(stderr, "kv: superblock write failed during compaction\n");
    return 500;
  }
  for (uint32_t i = 0; i < max_keys; i++) {
    entries[i].block = entries[i].moved_to;
  }
  stats.epoch = epoch;
  stats.log_id = log_id;
  set_region(region);
  tail = pos;
  next_seq = seq;
  stats.used_blocks = tail - region_start;
  stats.compactions++;
  return 0;
}

/* Appends a record and makes it durable; returns 0 (block in *at), 507 or 500. */
static int append(int type, const uint8_t *key, uint32_t key_len, const uint8_t *value,
    uint32_t value_len, uint32_t *at) {
  uint32_t nb = blocks_for(key_len, value_len);
  if (tail + nb > region_end) {
    int r = compact();
    if (r != 0) {
      return r;
    }
    if (tail + nb > region_end) {
      return 507;
    }
  }
  /* encode may read key/value from io only in compact; here they come from the request. */
  encode(stats.log_id, next_seq, type, key, key_len, value, value_len);
  for (uint32_t k = 0; k < nb; k++) {
    if (disk_write(tail + k, io + k * BLOCK) != 0) {
      return 500;
    }
  }
  if (disk_flush() != 0) {
    return 500;
  }
  *at = tail;
  tail += nb;
  next_seq++;
  stats.used_blocks = tail - region_start;
  return 0;
}

int kv_store_broken(void) { return broken; }

int kv_store_get(const uint8_t *key, uint32_t key_len, uint8_t *out, uint32_t *len) {
  int32_t i = find(key, key_len);
  if (i < 0) {
    return 404;
  }
  entry *e = &entries[i];
  if (decode(e->block, stats.log_id, 0) != (int)e->blocks || io[13] != key_len
      || memcmp(io + HEADER, key, key_len) != 0) {
    return 500;
  }
  memcpy(out, io + HEADER + key_len, e->value_len);
  *len = e->value_len;
  return 200;
}

int kv_store_put(const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t len) {
  if (key_len == 0 || key_len > KV_MAX_KEY || len > KV_MAX_VALUE) {
    return 400;
  }
  if (find(key, key_len) < 0 && free_list < 0) {
    return 507; /* the index is full */
  }
  uint32_t at;
  int r = append(PUT, key, key_len, value, len, &at);
  if (r != 0) {
    return r;
  }
  return index_put(key, key_len, at, len);
}

int kv_store_delete(const uint8_t *key, uint32_t key_len) {
  if (find(key, key_len) < 0) {
    return 404;
  }
  uint32_t at;
  int r = append(DELETE, key, key_len, NULL, 0, &at);
  if (r != 0) {
    return r;
  }
  index_remove(key, key_len);
  return 204;
}

uint8_t *kv_value_buffer(void) { return values; }
const kv_stats *kv_store_stats(void) { return &stats; }

int kv_store_next(int i) {
  for (uint32_t k = (uint32_t)(i + 1); k < max_keys; k++) {
    if (entries[k].key_len != 0) {
      return (int)k;
    }
  }
  return -1;
}

void kv_store_entry(int i, const uint8_t **key, uint32_t *key_len, uint32_t *value_len) {
  *key = entries[i].key;
  *key_len = entries[i].key_len;
  *value_len = entries[i].value_len;
}
