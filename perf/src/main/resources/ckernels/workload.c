/*
 * workload.c: an integer workload in the spirit of CoreMark, for measuring the engines on
 * compiled C. Each iteration
 *
 *   - builds a 200-node linked list, searches it, merge-sorts it by value, reverses it, searches
 *     again and sorts it back by key (pointer chasing, indirect calls through a comparator);
 *   - generates a 1 KiB text of numbers ("123", "-45", "6.78", "1.5e-7", ".25", "x12?") and
 *     scans it with a state machine, four times, corrupting and restoring it in between
 *     (byte loads, data-dependent branches, a switch);
 *   - multiplies 20 x 20 matrices of 16-bit numbers by a constant, a vector and a matrix, and
 *     sums the results with a clipping accumulator (multiplies, divisions, loads and stores);
 *   - folds every result into a CRC-16, computed bit by bit (shifts and short branches).
 *
 * Everything is deterministic: the data come from a xorshift generator seeded from a volatile
 * (so the compiler cannot fold the run) and from the CRC so far. The program prints the CRC and
 * exits with its low byte. perf's JavaWorkload computes the same numbers the same way, in
 * plain Java; the two must agree.
 *
 * Build (from the repository root; perf's CKernels does this at run time):
 *
 *   riscv64-unknown-elf-gcc -march=rv32im -mabi=ilp32 -O2 -ffreestanding -nostdlib -static \
 *       -T guest-sdk/c/denali.ld -I guest-sdk/c guest-sdk/c/crt0.S guest-sdk/c/libc/ *.c \
 *       perf/src/main/resources/ckernels/workload.c -lgcc -o workload.elf
 *
 * Native build, for the baseline (runs the workload argv[1] times and prints the median time):
 *
 *   gcc -O2 -DNATIVE_BENCH perf/src/main/resources/ckernels/workload.c -o workload-native
 */
#include <stdint.h>
#include <stdio.h>

#ifdef NATIVE_BENCH
#include <stdlib.h>
#include <time.h>
#else
#include <denali.h>
DENALI_SETTINGS("memory=1M", "stack=64K", "service=workload");
#endif

#define ITERATIONS 180
#define LIST_SIZE 200
#define TEXT_SIZE 1024
#define MAT_N 20

/* The seed; volatile so that the whole computation cannot be done at compile time. */
static volatile uint32_t seed_source = 0x2545F491u;

/* ---- CRC-16 (the reflected 0xA001 polynomial of CRC-16/ARC), bit by bit ---- */

static uint16_t crc8(uint8_t data, uint16_t crc) {
  crc ^= data;
  for (int i = 0; i < 8; i++) {
    if (crc & 1) {
      crc = (uint16_t)((crc >> 1) ^ 0xA001u);
    } else {
      crc >>= 1;
    }
  }
  return crc;
}

static uint16_t crc16(uint16_t value, uint16_t crc) {
  crc = crc8((uint8_t)value, crc);
  return crc8((uint8_t)(value >> 8), crc);
}

static uint16_t crc32w(uint32_t value, uint16_t crc) {
  crc = crc16((uint16_t)value, crc);
  return crc16((uint16_t)(value >> 16), crc);
}

/* ---- xorshift32 ---- */

static uint32_t next_random(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

/* ---- linked list ---- */

struct node {
  struct node *next;
  int32_t value;
  int32_t key;
};

typedef int32_t (*compare_fn)(const struct node *, const struct node *);

static struct node pool[LIST_SIZE];

static int32_t by_value(const struct node *a, const struct node *b) {
  return a->value - b->value;
}

static int32_t by_key(const struct node *a, const struct node *b) {
  return a->key - b->key;
}

/* Nodes 0..LIST_SIZE-1 in key order, with values in [-512, 511]. */
static struct node *list_build(uint32_t *rng) {
  struct node *head = NULL;
  for (int32_t i = LIST_SIZE - 1; i >= 0; i--) {
    pool[i].key = i;
    pool[i].value = (int32_t)(next_random(rng) & 0x3FFu) - 512;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

/* Position of the first node with this value, or -1. */
static int32_t list_find(const struct node *p, int32_t value) {
  for (int32_t pos = 0; p != NULL; p = p->next, pos++) {
    if (p->value == value) {
      return pos;
    }
  }
  return -1;
}

static struct node *list_reverse(struct node *p) {
  struct node *done = NULL;
  while (p != NULL) {
    struct node *next = p->next;
    p->next = done;
    done = p;
    p = next;
  }
  return done;
}

/* Stable bottom-up merge sort (Simon Tatham's algorithm, as in CoreMark). */
static struct node *list_sort(struct node *list, compare_fn cmp) {
  for (int32_t insize = 1;; insize *= 2) {
    struct node *p = list;
    struct node *tail = NULL;
    int32_t merges = 0;
    list = NULL;
    while (p != NULL) {
      merges++;
      struct node *q = p;
      int32_t psize = 0;
      for (int32_t i = 0; i < insize; i++) {
        psize++;
        q = q->next;
        if (q == NULL) {
          break;
        }
      }
      int32_t qsize = insize;
      while (psize > 0 || (qsize > 0 && q != NULL)) {
        struct node *e;
        if (psize == 0) {
          e = q;
          q = q->next;
          qsize--;
        } else if (qsize == 0 || q == NULL) {
          e = p;
          p = p->next;
          psize--;
        } else if (cmp(p, q) <= 0) {
          e = p;
          p = p->next;
          psize--;
        } else {
          e = q;
          q = q->next;
          qsize--;
        }
        if (tail != NULL) {
          tail->next = e;
        } else {
          list = e;
        }
        tail = e;
      }
      p = q;
    }
    tail->next = NULL;
    if (merges <= 1) {
      return list;
    }
  }
}

static uint16_t list_work(uint32_t seed) {
  uint32_t rng = seed | 1u;
  struct node *head = list_build(&rng);
  uint16_t crc = 0;
  int32_t found = 0;
  int32_t missed = 0;
  for (int32_t i = 0; i < 32; i++) {
    int32_t pos = list_find(head, (int32_t)(next_random(&rng) & 0x3FFu) - 512);
    if (pos >= 0) {
      found += pos;
    } else {
      missed++;
    }
  }
  head = list_sort(head, by_value);
  for (const struct node *p = head; p != NULL; p = p->next) {
    crc = crc16((uint16_t)p->value, crc);
  }
  head = list_reverse(head);
  for (int32_t i = 0; i < 16; i++) {
    found += list_find(head, pool[next_random(&rng) % LIST_SIZE].value);
  }
  head = list_sort(head, by_key);
  int32_t k = 0;
  for (const struct node *p = head; p != NULL; p = p->next, k++) {
    if (p->key != k) {
      crc ^= 0x5555u; /* never: sorting by key restores the order */
    }
    crc = crc8((uint8_t)(p->value ^ p->key), crc);
  }
  crc = crc16((uint16_t)found, crc);
  return crc16((uint16_t)missed, crc);
}

/* ---- state machine over a generated text ---- */

enum { S_START, S_INVALID, S_SIGN, S_INT, S_FLOAT, S_EXP, S_EXPSIGN, S_SCI, S_COUNT };

static uint8_t text[TEXT_SIZE];

static int is_digit(uint8_t c) {
  return c >= '0' && c <= '9';
}

/* Writes v in decimal at text[n]; returns the new end. */
static uint32_t put_number(uint32_t n, uint32_t v) {
  uint8_t digits[10];
  int k = 0;
  do {
    digits[k++] = (uint8_t)('0' + v % 10u);
    v /= 10u;
  } while (v != 0);
  while (k > 0) {
    text[n++] = digits[--k];
  }
  return n;
}

/* Fills text with comma-terminated tokens and a final 0; returns the length. */
static uint32_t text_generate(uint32_t *rng) {
  uint32_t n = 0;
  while (n < TEXT_SIZE - 24) {
    uint32_t r = next_random(rng);
    uint32_t kind = r % 6u;
    r >>= 8;
    switch (kind) {
      case 0: /* integer */
        n = put_number(n, r % 100000u);
        break;
      case 1: /* signed integer */
        text[n++] = (r & 1u) ? '-' : '+';
        n = put_number(n, (r >> 1) % 1000u);
        break;
      case 2: /* decimal */
        n = put_number(n, r % 1000u);
        text[n++] = '.';
        n = put_number(n, (r >> 10) % 100u);
        break;
      case 3: /* scientific */
        n = put_number(n, r % 10u);
        text[n++] = '.';
        n = put_number(n, (r >> 4) % 10u);
        text[n++] = (r & 0x100u) ? 'e' : 'E';
        if (r & 0x200u) {
          text[n++] = '-';
        }
        n = put_number(n, (r >> 10) % 40u);
        break;
      case 4: /* invalid */
        text[n++] = 'x';
        n = put_number(n, r % 100u);
        text[n++] = '?';
        break;
      default: /* decimal without an integer part */
        text[n++] = '.';
        n = put_number(n, r % 10000u);
        break;
    }
    text[n++] = ',';
  }
  text[n] = 0;
  return n;
}

/*
 * Scans one comma-terminated token from *pos: returns the state it ends in, counts the state
 * changes in transitions[] and accumulates its digits in *value.
 */
static uint32_t scan_token(uint32_t *pos, uint32_t *transitions, uint32_t *value) {
  uint32_t p = *pos;
  uint32_t state = S_START;
  uint32_t v = 0;
  uint8_t c;
  while ((c = text[p]) != 0) {
    p++;
    if (c == ',') {
      break;
    }
    uint32_t next;
    switch (state) {
      case S_START:
        if (is_digit(c)) {
          next = S_INT;
        } else if (c == '+' || c == '-') {
          next = S_SIGN;
        } else if (c == '.') {
          next = S_FLOAT;
        } else {
          next = S_INVALID;
        }
        break;
      case S_SIGN:
        if (is_digit(c)) {
          next = S_INT;
        } else if (c == '.') {
          next = S_FLOAT;
        } else {
          next = S_INVALID;
        }
        break;
      case S_INT:
        if (is_digit(c)) {
          next = S_INT;
        } else if (c == '.') {
          next = S_FLOAT;
        } else if (c == 'e' || c == 'E') {
          next = S_EXP;
        } else {
          next = S_INVALID;
        }
        break;
      case S_FLOAT:
        if (is_digit(c)) {
          next = S_FLOAT;
        } else if (c == 'e' || c == 'E') {
          next = S_EXP;
        } else {
          next = S_INVALID;
        }
        break;
      case S_EXP:
        if (c == '+' || c == '-') {
          next = S_EXPSIGN;
        } else if (is_digit(c)) {
          next = S_SCI;
        } else {
          next = S_INVALID;
        }
        break;
      case S_EXPSIGN:
      case S_SCI:
        next = is_digit(c) ? S_SCI : S_INVALID;
        break;
      default: /* S_INVALID swallows the rest of the token */
        next = S_INVALID;
        break;
    }
    if (next != state) {
      transitions[next]++;
    }
    if (is_digit(c)) {
      v = v * 10u + (uint32_t)(c - '0');
    }
    state = next;
  }
  *pos = p;
  *value = v;
  return state;
}

static void scan_text(uint32_t *finals, uint32_t *transitions, uint32_t *sum) {
  uint32_t pos = 0;
  while (text[pos] != 0) {
    uint32_t v;
    uint32_t state = scan_token(&pos, transitions, &v);
    finals[state]++;
    if (state == S_INT) {
      *sum = (*sum * 31u + v) % 65521u;
    }
  }
}

/* Flips bits of every step-th byte (the text is ASCII from 0x2b up: never becomes a 0). */
static void text_corrupt(uint32_t length, uint32_t step, uint8_t mask) {
  for (uint32_t i = step / 2; i < length; i += step) {
    text[i] ^= mask;
  }
}

static uint16_t state_work(uint32_t seed) {
  uint32_t rng = seed | 1u;
  uint32_t length = text_generate(&rng);
  uint32_t finals[S_COUNT] = {0};
  uint32_t transitions[S_COUNT] = {0};
  uint32_t sum = 0;
  uint16_t crc = 0;
  uint32_t step = 3u + next_random(&rng) % 13u;
  uint8_t mask = (next_random(&rng) & 1u) ? 0x01 : 0x04;
  scan_text(finals, transitions, &sum);
  text_corrupt(length, step, mask);
  scan_text(finals, transitions, &sum);
  text_corrupt(length, step + 2u, 0x02);
  scan_text(finals, transitions, &sum);
  text_corrupt(length, step + 2u, 0x02);
  text_corrupt(length, step, mask);
  scan_text(finals, transitions, &sum);
  for (int i = 0; i < S_COUNT; i++) {
    crc = crc32w(finals[i], crc);
    crc = crc16((uint16_t)transitions[i], crc);
  }
  return crc16((uint16_t)sum, crc);
}

/* ---- matrices ---- */

static int16_t ma[MAT_N * MAT_N];
static int16_t mb[MAT_N * MAT_N];
static int32_t mc[MAT_N * MAT_N];
static int16_t vec[MAT_N];
static int32_t vres[MAT_N];

static int16_t random_element(uint32_t *rng) {
  return (int16_t)((int32_t)(next_random(rng) & 0xFFFu) - 2048);
}

static void matrix_init(uint32_t *rng) {
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    ma[i] = random_element(rng);
    mb[i] = random_element(rng);
  }
  for (int i = 0; i < MAT_N; i++) {
    vec[i] = random_element(rng);
  }
}

static void matrix_add_const(int16_t *a, int16_t k) {
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    a[i] = (int16_t)(a[i] + k);
  }
}

static void matrix_mul_const(int32_t *c, const int16_t *a, int16_t k) {
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    c[i] = (int32_t)a[i] * k;
  }
}

static void matrix_mul_vector(int32_t *r, const int16_t *a, const int16_t *v) {
  for (int i = 0; i < MAT_N; i++) {
    int32_t acc = 0;
    for (int j = 0; j < MAT_N; j++) {
      acc += (int32_t)a[i * MAT_N + j] * v[j];
    }
    r[i] = acc / 7 + acc % 5;
  }
}

static void matrix_mul_matrix(int32_t *c, const int16_t *a, const int16_t *b) {
  for (int i = 0; i < MAT_N; i++) {
    for (int j = 0; j < MAT_N; j++) {
      int32_t acc = 0;
      for (int k = 0; k < MAT_N; k++) {
        acc += (int32_t)a[i * MAT_N + k] * b[k * MAT_N + j];
      }
      c[i * MAT_N + j] = acc;
    }
  }
}

static void matrix_mul_matrix_bits(int32_t *c, const int16_t *a, const int16_t *b) {
  for (int i = 0; i < MAT_N; i++) {
    for (int j = 0; j < MAT_N; j++) {
      int32_t acc = 0;
      for (int k = 0; k < MAT_N; k++) {
        int32_t t = (int32_t)a[i * MAT_N + k] * b[k * MAT_N + j];
        acc += ((t >> 2) & 0xF) * ((t >> 5) & 0x7F);
      }
      c[i * MAT_N + j] = acc;
    }
  }
}

/* A clipping accumulator: 10 for each time the running sum leaves [-clip, clip], else 1 per rise. */
static uint16_t matrix_sum(const int32_t *c, int n, int32_t clip) {
  int32_t running = 0;
  int32_t previous = 0;
  int32_t score = 0;
  for (int i = 0; i < n; i++) {
    int32_t current = c[i];
    running += current;
    if (running > clip || running < -clip) {
      score += 10;
      running = 0;
    } else if (current > previous) {
      score += 1;
    }
    previous = current;
  }
  return (uint16_t)score;
}

static uint16_t matrix_work(uint32_t seed) {
  uint32_t rng = seed | 1u;
  matrix_init(&rng);
  int16_t k = (int16_t)((int32_t)(next_random(&rng) & 0x1Fu) - 16);
  uint16_t crc = 0;
  matrix_add_const(ma, k);
  matrix_mul_const(mc, ma, k);
  crc = crc16(matrix_sum(mc, MAT_N * MAT_N, 40000), crc);
  matrix_mul_vector(vres, ma, vec);
  crc = crc16(matrix_sum(vres, MAT_N, 20000000), crc);
  matrix_mul_matrix(mc, ma, mb);
  crc = crc16(matrix_sum(mc, MAT_N * MAT_N, 100000000), crc);
  matrix_mul_matrix_bits(mc, ma, mb);
  crc = crc16(matrix_sum(mc, MAT_N * MAT_N, 30000), crc);
  matrix_add_const(ma, (int16_t)-k);
  uint32_t mix = 0;
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    mix = mix * 33u + (uint32_t)(uint16_t)ma[i];
  }
  return crc32w(mix, crc);
}

/* ---- the whole workload ---- */

static uint16_t workload(uint32_t seed) {
  uint16_t crc = 0;
  for (uint32_t it = 0; it < ITERATIONS; it++) {
    uint32_t s = seed ^ (it * 0x9E3779B9u) ^ crc;
    crc = crc16(list_work(s), crc);
    crc = crc16(state_work(s + crc), crc);
    crc = crc16(matrix_work(s ^ ((uint32_t)crc << 16)), crc);
  }
  return crc;
}

#ifdef NATIVE_BENCH
static int compare_longs(const void *a, const void *b) {
  long long x = *(const long long *)a;
  long long y = *(const long long *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 1;
  if (runs < 1) {
    runs = 1;
  }
  long long *ns = malloc(sizeof(long long) * (size_t)runs);
  uint16_t crc = 0;
  for (int i = 0; i < runs; i++) {
    struct timespec t0;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    crc = workload(seed_source);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns[i] = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  }
  qsort(ns, (size_t)runs, sizeof(long long), compare_longs);
  printf("workload: %d iterations, crc 0x%04x\n", ITERATIONS, crc);
  printf("median-ns %lld\n", ns[runs / 2]);
  free(ns);
  return crc & 0xFF;
}
#else
int main(void) {
  uint16_t crc = workload(seed_source);
  printf("workload: %d iterations, crc 0x%04x\n", ITERATIONS, crc);
  return crc & 0xFF;
}
#endif
