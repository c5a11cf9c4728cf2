/*
 * lzss.c: an LZSS compressor and decompressor, round trip. Each repetition generates 16 KiB of
 * text-like data (words drawn from a small vocabulary with a skewed distribution, numbers,
 * punctuation, occasional random bytes), compresses it (4 KiB window, matches of 3 to 18
 * bytes found through hash chains, lazy matching; a flag byte before every 8 items, a literal
 * is one byte, a match two: 12-bit distance, 4-bit length), decompresses it and checks that
 * the result is the input and that the text actually shrank.
 */
#define SUITE_NAME "lzss"
#define SUITE_DEFAULT_ITERS 12
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] lzss.c */
#define SUITE_CHECK_ONE 0x8c3c9624u
#define SUITE_CHECK_DEFAULT 0x20f1ecd4u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-lzss");

#define INPUT_SIZE 16384
#define WINDOW 4096
#define MIN_MATCH 3
#define MAX_MATCH 18
#define HASH_BITS 12
#define HASH_SIZE (1 << HASH_BITS)
#define MAX_CHAIN 24
#define NO_POS 0xFFFFu

static unsigned char input[INPUT_SIZE];
static unsigned char packed[INPUT_SIZE + INPUT_SIZE / 8 + 16];
static unsigned char unpacked[INPUT_SIZE];
static uint16_t head[HASH_SIZE];
static uint16_t chain[INPUT_SIZE];

/* ---- the input ---- */

static const char *const vocabulary[] = {"the", "of", "and", "a", "to", "in", "is", "you",
    "that", "it", "he", "was", "for", "on", "are", "as", "with", "his", "they", "at", "be",
    "this", "have", "from", "or", "one", "had", "by", "word", "but", "not", "what", "all",
    "were", "we", "when", "your", "can", "said", "there", "compression", "window", "match"};
#define VOCABULARY (sizeof vocabulary / sizeof vocabulary[0])

static void make_input(uint32_t *rng) {
  uint32_t n = 0;
  while (n < INPUT_SIZE) {
    uint32_t r = suite_next(rng);
    char piece[16];
    uint32_t len = 0;
    if ((r & 31) == 0) {
      for (len = 0; len < 1 + ((r >> 5) & 7); len++) {
        piece[len] = (char)(suite_next(rng) >> 24);
      }
    } else if ((r & 31) < 4) {
      uint32_t v = (r >> 8) % 10000;
      do {
        piece[len++] = (char)('0' + v % 10);
        v /= 10;
      } while (v != 0);
    } else {
      /* skewed: the minimum of two picks favours the first words */
      uint32_t a = (r >> 8) % VOCABULARY;
      uint32_t b = (r >> 20) % VOCABULARY;
      const char *w = vocabulary[a < b ? a : b];
      while (w[len] != '\0') {
        piece[len] = w[len];
        len++;
      }
    }
    piece[len++] = (r & 0x1E0000u) == 0 ? '.' : ' ';
    for (uint32_t i = 0; i < len && n < INPUT_SIZE; i++) {
      input[n++] = (unsigned char)piece[i];
    }
  }
}

/* ---- the compressor ---- */

static uint32_t hash3(const unsigned char *p) {
  return ((uint32_t)p[0] << 8 ^ (uint32_t)p[1] << 4 ^ p[2]) * 2654435761u >> (32 - HASH_BITS);
}

static void insert_position(const unsigned char *data, uint32_t pos, uint32_t size) {
  if (pos + MIN_MATCH <= size) {
    uint32_t h = hash3(data + pos);
    chain[pos] = head[h];
    head[h] = (uint16_t)pos;
  }
}

/* The longest match for data[pos..] in the window; its length (0 if < MIN_MATCH). */
static uint32_t longest_match(const unsigned char *data, uint32_t pos, uint32_t size,
    uint32_t *distance) {
  if (pos + MIN_MATCH > size) {
    return 0;
  }
  uint32_t limit = size - pos < MAX_MATCH ? size - pos : MAX_MATCH;
  uint32_t best = 0;
  uint32_t candidate = head[hash3(data + pos)];
  for (int tries = 0; tries < MAX_CHAIN && candidate != NO_POS; tries++) {
    if (pos - candidate > WINDOW - 1) {
      break;
    }
    uint32_t len = 0;
    while (len < limit && data[candidate + len] == data[pos + len]) {
      len++;
    }
    if (len > best) {
      best = len;
      *distance = pos - candidate;
      if (len == limit) {
        break;
      }
    }
    candidate = chain[candidate];
  }
  return best >= MIN_MATCH ? best : 0;
}

struct writer {
  unsigned char *out;
  uint32_t n;
  uint32_t flag_at;
  uint32_t items;
};

static void begin_item(struct writer *w, int is_match) {
  if (w->items % 8 == 0) {
    w->flag_at = w->n++;
    w->out[w->flag_at] = 0;
  }
  if (is_match) {
    w->out[w->flag_at] |= (unsigned char)(1u << (w->items % 8));
  }
  w->items++;
}

static uint32_t compress(const unsigned char *data, uint32_t size, unsigned char *out) {
  struct writer w = {out, 0, 0, 0};
  for (uint32_t i = 0; i < HASH_SIZE; i++) {
    head[i] = NO_POS;
  }
  uint32_t pos = 0;
  while (pos < size) {
    uint32_t distance = 0;
    uint32_t len = longest_match(data, pos, size, &distance);
    if (len > 0 && len < MAX_MATCH) { /* lazy: a longer match one byte later wins */
      uint32_t next_distance = 0;
      insert_position(data, pos, size);
      uint32_t next = longest_match(data, pos + 1, size, &next_distance);
      if (next > len + 1) {
        begin_item(&w, 0);
        w.out[w.n++] = data[pos];
        pos++;
        len = next;
        distance = next_distance;
      } else {
        pos++; /* pos is in the chains already */
        begin_item(&w, 1);
        w.out[w.n++] = (unsigned char)(distance >> 4);
        w.out[w.n++] = (unsigned char)((distance & 15) << 4 | (len - MIN_MATCH));
        for (uint32_t k = 1; k < len; k++) {
          insert_position(data, pos++, size);
        }
        continue;
      }
    }
    if (len == 0) {
      begin_item(&w, 0);
      w.out[w.n++] = data[pos];
      insert_position(data, pos++, size);
      continue;
    }
    begin_item(&w, 1);
    w.out[w.n++] = (unsigned char)(distance >> 4);
    w.out[w.n++] = (unsigned char)((distance & 15) << 4 | (len - MIN_MATCH));
    for (uint32_t k = 0; k < len; k++) {
      insert_position(data, pos++, size);
    }
  }
  return w.n;
}

/* ---- the decompressor ---- */

static uint32_t decompress(const unsigned char *in, uint32_t in_size, unsigned char *out,
    uint32_t cap) {
  uint32_t i = 0;
  uint32_t n = 0;
  while (i < in_size) {
    uint32_t flags = in[i++];
    for (int bit = 0; bit < 8 && i < in_size; bit++) {
      if (flags & (1u << bit)) {
        uint32_t distance = (uint32_t)in[i] << 4 | in[i + 1] >> 4;
        uint32_t len = (in[i + 1] & 15u) + MIN_MATCH;
        i += 2;
        if (distance == 0 || distance > n || n + len > cap) {
          suite_fail("corrupt match", n);
        }
        for (uint32_t k = 0; k < len; k++, n++) {
          out[n] = out[n - distance];
        }
      } else {
        if (n == cap) {
          suite_fail("output overflow", n);
        }
        out[n++] = in[i++];
      }
    }
  }
  return n;
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  make_input(&rng);
  uint32_t size = compress(input, INPUT_SIZE, packed);
  uint32_t restored = decompress(packed, size, unpacked, INPUT_SIZE);
  if (restored != INPUT_SIZE || memcmp(unpacked, input, INPUT_SIZE) != 0) {
    suite_fail("the round trip does not restore the input", restored);
  }
  if (size >= INPUT_SIZE * 3 / 4) {
    suite_fail("text did not compress", size);
  }
  uint32_t h = size;
  for (uint32_t i = 0; i < size; i++) {
    h = h * 31 + packed[i];
  }
  return h;
}
