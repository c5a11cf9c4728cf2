/*
 * cipher.c: two ciphers built from shifts, rotates, adds and xors. Each repetition encrypts 8
 * KiB of pseudo-random data with XTEA (64-bit blocks, 32 rounds, CBC mode) and decrypts it
 * back, then encrypts it with the ChaCha20 stream cipher (the RFC 7539 block function: 20
 * rounds of ARX quarter rounds) and decrypts it back; both round trips must restore the data.
 * The ChaCha20 block function is checked once per run against the test vector of RFC 7539,
 * section 2.3.2.
 */
#define SUITE_NAME "cipher"
#define SUITE_DEFAULT_ITERS 24
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] cipher.c */
#define SUITE_CHECK_ONE 0x8ae23548u
#define SUITE_CHECK_DEFAULT 0xe8a8d493u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-cipher");

#define WORDS 2048 /* 8 KiB */

static uint32_t plain[WORDS];
static uint32_t sealed[WORDS];
static uint32_t opened[WORDS];

/* ---- XTEA ---- */

#define XTEA_DELTA 0x9E3779B9u
#define XTEA_ROUNDS 32

static void xtea_encrypt(uint32_t v[2], const uint32_t key[4]) {
  uint32_t v0 = v[0];
  uint32_t v1 = v[1];
  uint32_t sum = 0;
  for (int i = 0; i < XTEA_ROUNDS; i++) {
    v0 += (((v1 << 4) ^ (v1 >> 5)) + v1) ^ (sum + key[sum & 3]);
    sum += XTEA_DELTA;
    v1 += (((v0 << 4) ^ (v0 >> 5)) + v0) ^ (sum + key[(sum >> 11) & 3]);
  }
  v[0] = v0;
  v[1] = v1;
}

static void xtea_decrypt(uint32_t v[2], const uint32_t key[4]) {
  uint32_t v0 = v[0];
  uint32_t v1 = v[1];
  uint32_t sum = XTEA_DELTA * XTEA_ROUNDS;
  for (int i = 0; i < XTEA_ROUNDS; i++) {
    v1 -= (((v0 << 4) ^ (v0 >> 5)) + v0) ^ (sum + key[(sum >> 11) & 3]);
    sum -= XTEA_DELTA;
    v0 -= (((v1 << 4) ^ (v1 >> 5)) + v1) ^ (sum + key[sum & 3]);
  }
  v[0] = v0;
  v[1] = v1;
}

static void xtea_cbc_encrypt(uint32_t *out, const uint32_t *in, uint32_t words,
    const uint32_t key[4], const uint32_t iv[2]) {
  uint32_t chain[2] = {iv[0], iv[1]};
  for (uint32_t i = 0; i < words; i += 2) {
    chain[0] ^= in[i];
    chain[1] ^= in[i + 1];
    xtea_encrypt(chain, key);
    out[i] = chain[0];
    out[i + 1] = chain[1];
  }
}

static void xtea_cbc_decrypt(uint32_t *out, const uint32_t *in, uint32_t words,
    const uint32_t key[4], const uint32_t iv[2]) {
  uint32_t previous[2] = {iv[0], iv[1]};
  for (uint32_t i = 0; i < words; i += 2) {
    uint32_t block[2] = {in[i], in[i + 1]};
    xtea_decrypt(block, key);
    out[i] = block[0] ^ previous[0];
    out[i + 1] = block[1] ^ previous[1];
    previous[0] = in[i];
    previous[1] = in[i + 1];
  }
}

/* ---- ChaCha20 (RFC 7539) ---- */

#define QUARTER_ROUND(x, a, b, c, d)      \
  do {                                    \
    x[a] += x[b];                         \
    x[d] = suite_rotl(x[d] ^ x[a], 16);   \
    x[c] += x[d];                         \
    x[b] = suite_rotl(x[b] ^ x[c], 12);   \
    x[a] += x[b];                         \
    x[d] = suite_rotl(x[d] ^ x[a], 8);    \
    x[c] += x[d];                         \
    x[b] = suite_rotl(x[b] ^ x[c], 7);    \
  } while (0)

/* One 64-byte block of key stream, as 16 little-endian words. */
static void chacha20_block(uint32_t out[16], const uint32_t key[8], uint32_t counter,
    const uint32_t nonce[3]) {
  uint32_t state[16] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u, key[0], key[1],
      key[2], key[3], key[4], key[5], key[6], key[7], counter, nonce[0], nonce[1], nonce[2]};
  uint32_t x[16];
  memcpy(x, state, sizeof x);
  for (int i = 0; i < 10; i++) {
    QUARTER_ROUND(x, 0, 4, 8, 12);
    QUARTER_ROUND(x, 1, 5, 9, 13);
    QUARTER_ROUND(x, 2, 6, 10, 14);
    QUARTER_ROUND(x, 3, 7, 11, 15);
    QUARTER_ROUND(x, 0, 5, 10, 15);
    QUARTER_ROUND(x, 1, 6, 11, 12);
    QUARTER_ROUND(x, 2, 7, 8, 13);
    QUARTER_ROUND(x, 3, 4, 9, 14);
  }
  for (int i = 0; i < 16; i++) {
    out[i] = x[i] + state[i];
  }
}

static void chacha20_xor(uint32_t *out, const uint32_t *in, uint32_t words,
    const uint32_t key[8], const uint32_t nonce[3]) {
  uint32_t stream[16];
  for (uint32_t i = 0; i < words; i += 16) {
    chacha20_block(stream, key, 1 + i / 16, nonce);
    for (uint32_t j = 0; j < 16 && i + j < words; j++) {
      out[i + j] = in[i + j] ^ stream[j];
    }
  }
}

static void check_rfc7539_vector(void) {
  uint32_t key[8];
  for (int i = 0; i < 8; i++) { /* bytes 00 01 02 ... 1f, little-endian words */
    uint32_t b = 4u * (uint32_t)i;
    key[i] = b | (b + 1) << 8 | (b + 2) << 16 | (b + 3) << 24;
  }
  const uint32_t nonce[3] = {0x09000000u, 0x4a000000u, 0x00000000u};
  uint32_t out[16];
  chacha20_block(out, key, 1, nonce);
  if (out[0] != 0xe4e7f110u || out[1] != 0x15593bd1u) {
    suite_fail("ChaCha20 block function: RFC 7539 test vector", out[0]);
  }
}

/* ---- the work ---- */

static uint32_t hash_words(const uint32_t *w, uint32_t n) {
  uint32_t h = 0;
  for (uint32_t i = 0; i < n; i++) {
    h = suite_rotl(h, 5) ^ w[i];
  }
  return h;
}

static uint32_t run_once(uint32_t seed) {
  static int checked;
  if (!checked) {
    check_rfc7539_vector();
    checked = 1;
  }
  uint32_t rng = suite_state(seed);
  uint32_t key[8];
  uint32_t iv[3];
  for (int i = 0; i < 8; i++) {
    key[i] = suite_next(&rng);
  }
  for (int i = 0; i < 3; i++) {
    iv[i] = suite_next(&rng);
  }
  for (uint32_t i = 0; i < WORDS; i++) {
    plain[i] = suite_next(&rng) >> (i & 15);
  }

  xtea_cbc_encrypt(sealed, plain, WORDS, key, iv);
  uint32_t h = hash_words(sealed, WORDS);
  xtea_cbc_decrypt(opened, sealed, WORDS, key, iv);
  if (memcmp(opened, plain, sizeof plain) != 0) {
    suite_fail("XTEA-CBC does not decrypt what it encrypted", hash_words(opened, WORDS));
  }

  chacha20_xor(sealed, plain, WORDS, key, iv);
  h = suite_mix(h, hash_words(sealed, WORDS));
  chacha20_xor(opened, sealed, WORDS, key, iv);
  if (memcmp(opened, plain, sizeof plain) != 0) {
    suite_fail("ChaCha20 does not decrypt what it encrypted", hash_words(opened, WORDS));
  }
  return h;
}
