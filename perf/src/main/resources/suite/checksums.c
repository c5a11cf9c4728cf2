/*
 * checksums.c: a table-driven CRC-32 (the reflected polynomial 0xEDB88320 of zlib and
 * Ethernet), FNV-1a and a MurmurHash3-style 32-bit hash, over 16 KiB of pseudo-random bytes.
 * Each repetition fills the buffer, hashes it whole and in uneven pieces (the CRC and FNV-1a
 * continue across pieces and must give the same result), checks the table-driven CRC against a
 * bit-by-bit one on a slice, and hashes 512 short keys with each function. The known check
 * values (CRC-32 of "123456789" is 0xCBF43926, FNV-1a of "a" is 0xE40C292C, Murmur3 of "hello"
 * with seed 0 is 0x248BFA47) are checked once per run.
 */
#define SUITE_NAME "checksums"
#define SUITE_DEFAULT_ITERS 72
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] checksums.c */
#define SUITE_CHECK_ONE 0xc0e2b323u
#define SUITE_CHECK_DEFAULT 0x87e4d9ebu
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-checksums");

#define BUFFER_SIZE 16384

static unsigned char buffer[BUFFER_SIZE];
static uint32_t crc_table[256];

/* ---- CRC-32 ---- */

static void crc_make_table(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) {
      c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    crc_table[n] = c;
  }
}

/* Continues a CRC-32: start with crc = 0; the result of one call is the next call's crc. */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, uint32_t len) {
  crc = ~crc;
  for (uint32_t i = 0; i < len; i++) {
    crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  }
  return ~crc;
}

static uint32_t crc32_bitwise(const unsigned char *p, uint32_t len) {
  uint32_t crc = 0xFFFFFFFFu;
  for (uint32_t i = 0; i < len; i++) {
    crc ^= p[i];
    for (int k = 0; k < 8; k++) {
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
  }
  return ~crc;
}

/* ---- FNV-1a ---- */

#define FNV_OFFSET 2166136261u

static uint32_t fnv1a_update(uint32_t h, const unsigned char *p, uint32_t len) {
  for (uint32_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

/* ---- MurmurHash3, x86 32-bit variant ---- */

static uint32_t load_le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t murmur_scramble(uint32_t k) {
  k *= 0xcc9e2d51u;
  k = suite_rotl(k, 15);
  return k * 0x1b873593u;
}

static uint32_t murmur_finish(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  return h ^ (h >> 16);
}

static uint32_t murmur3(const unsigned char *p, uint32_t len, uint32_t seed) {
  uint32_t h = seed;
  uint32_t blocks = len / 4;
  for (uint32_t i = 0; i < blocks; i++) {
    h ^= murmur_scramble(load_le32(p + 4 * i));
    h = suite_rotl(h, 13);
    h = h * 5 + 0xe6546b64u;
  }
  const unsigned char *tail = p + 4 * blocks;
  uint32_t k = 0;
  switch (len & 3) {
    case 3:
      k ^= (uint32_t)tail[2] << 16;
      /* fall through */
    case 2:
      k ^= (uint32_t)tail[1] << 8;
      /* fall through */
    case 1:
      k ^= tail[0];
      h ^= murmur_scramble(k);
      break;
    default:
      break;
  }
  return murmur_finish(h ^ len);
}

/* ---- the work ---- */

static void check_known_values(void) {
  static const unsigned char digits[] = "123456789";
  static const unsigned char a[] = "a";
  static const unsigned char hello[] = "hello";
  if (crc32_update(0, digits, 9) != 0xCBF43926u || crc32_bitwise(digits, 9) != 0xCBF43926u) {
    suite_fail("CRC-32 check value", crc32_update(0, digits, 9));
  }
  if (fnv1a_update(FNV_OFFSET, a, 1) != 0xE40C292Cu) {
    suite_fail("FNV-1a check value", fnv1a_update(FNV_OFFSET, a, 1));
  }
  if (murmur3(hello, 5, 0) != 0x248BFA47u) {
    suite_fail("Murmur3 check value", murmur3(hello, 5, 0));
  }
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  static int checked;
  if (!checked) {
    crc_make_table();
    check_known_values();
    checked = 1;
  }
  for (uint32_t i = 0; i < BUFFER_SIZE; i += 4) {
    uint32_t r = suite_next(&rng);
    buffer[i] = (unsigned char)r;
    buffer[i + 1] = (unsigned char)(r >> 8);
    buffer[i + 2] = (unsigned char)(r >> 16);
    buffer[i + 3] = (unsigned char)(r >> 24);
  }

  uint32_t crc_whole = crc32_update(0, buffer, BUFFER_SIZE);
  uint32_t fnv_whole = fnv1a_update(FNV_OFFSET, buffer, BUFFER_SIZE);
  uint32_t crc_pieces = 0;
  uint32_t fnv_pieces = FNV_OFFSET;
  for (uint32_t at = 0; at < BUFFER_SIZE;) {
    uint32_t len = 1 + suite_below(&rng, 700);
    if (len > BUFFER_SIZE - at) {
      len = BUFFER_SIZE - at;
    }
    crc_pieces = crc32_update(crc_pieces, buffer + at, len);
    fnv_pieces = fnv1a_update(fnv_pieces, buffer + at, len);
    at += len;
  }
  if (crc_pieces != crc_whole || fnv_pieces != fnv_whole) {
    suite_fail("hashing in pieces differs from hashing whole", crc_pieces ^ crc_whole);
  }
  uint32_t slice = suite_below(&rng, BUFFER_SIZE - 1024);
  if (crc32_bitwise(buffer + slice, 1024) != crc32_update(0, buffer + slice, 1024)) {
    suite_fail("table-driven and bitwise CRC-32 differ", slice);
  }

  uint32_t h = suite_mix(crc_whole, fnv_whole);
  h = suite_mix(h, murmur3(buffer, BUFFER_SIZE, seed));
  uint32_t keys = 0;
  for (uint32_t i = 0; i < 512; i++) {
    uint32_t at = suite_below(&rng, BUFFER_SIZE - 64);
    uint32_t len = 1 + (i & 31);
    keys += crc32_update(0, buffer + at, len);
    keys ^= fnv1a_update(FNV_OFFSET, buffer + at, len);
    keys = suite_rotl(keys, 3) + murmur3(buffer + at, len, i);
  }
  return suite_mix(h, keys);
}
