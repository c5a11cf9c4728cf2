/*
 * suite.h: what every program of the benchmark suite shares (perf's dev.denali.perf.suite).
 *
 * A program defines, before including this header:
 *
 *   SUITE_NAME             its name, a string ("crc32")
 *   SUITE_DEFAULT_ITERS    how many times run_once() runs when ITERS is not given
 *   SUITE_CHECK_ONE        the checksum expected with -DITERS=1
 *   SUITE_CHECK_DEFAULT    the checksum expected with the default ITERS
 *
 * and then, after it, `static uint32_t run_once(uint32_t seed)`: one repetition of the work on
 * data derived from `seed`, returning a checksum of its results (it calls suite_fail() when one
 * of its own invariants does not hold). suite_run() calls it ITERS times, with a different seed
 * each time, and folds the results into the program's checksum; main() compares that with the
 * expected value, prints one line
 *
 *   <name>: <ITERS> iterations, checksum 0x<8 hex digits> ok
 *
 * and exits 0, or prints "... FAILED (expected 0x...)" and exits 1. Any other ITERS than 1 and
 * the default is refused at compile time: there is no expected value for it.
 *
 * Builds (the same source, three ways):
 *   - guest (default): against the guest SDK (guest-sdk/c), see guest-sdk/README.md; the same
 *     ELF runs on Denali and under qemu-riscv32 (only the write, exit and clock ecalls);
 *   - native: gcc -O2 -DNATIVE_BENCH prog.c; main(argc, argv) runs the whole program argv[1]
 *     times, checks every run, prints the same line and then "median-ns <n>", the median wall
 *     time of one run (clock_gettime(CLOCK_MONOTONIC) around suite_run(); printing excluded).
 *
 * Portability rules the programs follow, so that native and guest compute the same numbers:
 * fixed-width integer types only (long and pointers differ in size), unsigned arithmetic where
 * it may wrap, unsigned char for bytes (char is unsigned on RISC-V, signed on x86), and no
 * pointer value ever reaches a checksum.
 */
#ifndef SUITE_H
#define SUITE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef NATIVE_BENCH
#include <stdlib.h>
#include <time.h>
#define SUITE_SETTINGS(...) extern int suite_settings_are_for_the_guest
#else
#include <denali.h>
#include <stdlib.h>
/* The Denali settings note ("memory=2M", ...), at file scope; nothing in the native build. */
#define SUITE_SETTINGS(...) DENALI_SETTINGS(__VA_ARGS__)
#endif

#ifndef ITERS
#define ITERS SUITE_DEFAULT_ITERS
#endif

#if ITERS == 1
#define SUITE_EXPECTED SUITE_CHECK_ONE
#elif ITERS == SUITE_DEFAULT_ITERS
#define SUITE_EXPECTED SUITE_CHECK_DEFAULT
#else
#error "ITERS must be 1 or the program's SUITE_DEFAULT_ITERS: there is no expected checksum for other values"
#endif

/* The base seed; volatile, so the compiler cannot compute the program at compile time. */
static volatile uint32_t suite_seed_source = 0x6A09E667u;

/* One repetition of the program's work; defined by the program. */
static uint32_t run_once(uint32_t seed);

/* xorshift32: the next number of the sequence in *state (which must not be 0). */
static inline uint32_t suite_next(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

/* A generator state from any seed (never 0). */
static inline uint32_t suite_state(uint32_t seed) {
  uint32_t s = seed * 0x9E3779B1u + 0x7F4A7C15u;
  s ^= s >> 16;
  return s != 0 ? s : 0x1234567u;
}

/* A number in [0, bound) (bound > 0); slightly biased, which does not matter here. */
static inline uint32_t suite_below(uint32_t *state, uint32_t bound) {
  return suite_next(state) % bound;
}

static inline uint32_t suite_rotl(uint32_t x, unsigned k) {
  return (x << (k & 31)) | (x >> ((32 - k) & 31));
}

/* Folds value into the running checksum h (order-sensitive). */
static inline uint32_t suite_mix(uint32_t h, uint32_t value) {
  h ^= value;
  h *= 0x01000193u;
  return suite_rotl(h, 13) + 0x9E3779B9u;
}

/* Reports a broken invariant of the program and exits with status 2. */
static inline __attribute__((noreturn)) void suite_fail(const char *what, uint32_t detail) {
  printf("%s: FAILED: %s (0x%08x)\n", SUITE_NAME, what, (unsigned)detail);
  exit(2);
}

/* The whole program: ITERS repetitions, each with its own seed, folded into one checksum. */
static uint32_t suite_run(void) {
  uint32_t base = suite_seed_source;
  uint32_t h = 0;
  for (uint32_t i = 0; i < (uint32_t)ITERS; i++) {
    h = suite_mix(h, run_once(base + i * 0x9E3779B9u));
  }
  return h;
}

/* Prints the result line; returns the exit status (0 when the checksum is the expected one). */
static int suite_report(uint32_t checksum) {
  if (checksum == (uint32_t)SUITE_EXPECTED) {
    printf("%s: %d iterations, checksum 0x%08x ok\n", SUITE_NAME, (int)ITERS,
        (unsigned)checksum);
    return 0;
  }
  printf("%s: %d iterations, checksum 0x%08x FAILED (expected 0x%08x)\n", SUITE_NAME,
      (int)ITERS, (unsigned)checksum, (unsigned)SUITE_EXPECTED);
  return 1;
}

#ifdef NATIVE_BENCH
static int suite_compare_ns(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a;
  int64_t y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 1;
  if (runs < 1) {
    runs = 1;
  }
  int64_t *ns = malloc(sizeof(int64_t) * (size_t)runs);
  uint32_t checksum = 0;
  for (int i = 0; i < runs; i++) {
    struct timespec t0;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint32_t c = suite_run();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns[i] = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000000 + (t1.tv_nsec - t0.tv_nsec);
    if (i > 0 && c != checksum) {
      printf("%s: run %d gave checksum 0x%08x, run 1 0x%08x\n", SUITE_NAME, i + 1,
          (unsigned)c, (unsigned)checksum);
      return 3;
    }
    checksum = c;
  }
  qsort(ns, (size_t)runs, sizeof(int64_t), suite_compare_ns);
  int status = suite_report(checksum);
  printf("median-ns %lld\n", (long long)ns[runs / 2]);
  free(ns);
  return status;
}
#else
int main(void) {
  return suite_report(suite_run());
}
#endif

#endif
