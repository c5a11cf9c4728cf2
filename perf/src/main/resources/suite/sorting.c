/*
 * sorting.c: recursive quicksort and merge sort. Each repetition fills an array of 5,000
 * pseudo-random signed numbers (a quarter of them from a small range, so there are many
 * repeats), sorts one copy with a recursive quicksort (median-of-three pivot, Hoare partition,
 * insertion sort below 12 elements) and another with a recursive top-down merge sort, and
 * checks that both are ordered, equal to each other and hold the same numbers as the input
 * (sum and xor), then sorts a reversed and an already sorted array with both.
 */
#define SUITE_NAME "sorting"
#define SUITE_DEFAULT_ITERS 16
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] sorting.c */
#define SUITE_CHECK_ONE 0xab6c9e40u
#define SUITE_CHECK_DEFAULT 0x3592c53bu
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-sorting");

#define COUNT 5000
#define SMALL 12

static int32_t input[COUNT];
static int32_t quick[COUNT];
static int32_t merged[COUNT];
static int32_t scratch[COUNT];

static void swap(int32_t *a, int32_t *b) {
  int32_t t = *a;
  *a = *b;
  *b = t;
}

static void insertion_sort(int32_t *v, int32_t lo, int32_t hi) {
  for (int32_t i = lo + 1; i <= hi; i++) {
    int32_t x = v[i];
    int32_t j = i - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

static int32_t median_of_three(int32_t *v, int32_t lo, int32_t hi) {
  int32_t mid = lo + (hi - lo) / 2;
  if (v[mid] < v[lo]) {
    swap(&v[mid], &v[lo]);
  }
  if (v[hi] < v[lo]) {
    swap(&v[hi], &v[lo]);
  }
  if (v[hi] < v[mid]) {
    swap(&v[hi], &v[mid]);
  }
  return v[mid];
}

/* Hoare partition around pivot: returns j with v[lo..j] <= pivot <= v[j+1..hi]. */
static int32_t partition(int32_t *v, int32_t lo, int32_t hi, int32_t pivot) {
  int32_t i = lo - 1;
  int32_t j = hi + 1;
  while (1) {
    do {
      i++;
    } while (v[i] < pivot);
    do {
      j--;
    } while (v[j] > pivot);
    if (i >= j) {
      return j;
    }
    swap(&v[i], &v[j]);
  }
}

static void quicksort(int32_t *v, int32_t lo, int32_t hi) {
  if (hi - lo < SMALL) {
    insertion_sort(v, lo, hi);
    return;
  }
  int32_t p = partition(v, lo, hi, median_of_three(v, lo, hi));
  quicksort(v, lo, p);
  quicksort(v, p + 1, hi);
}

static void merge(int32_t *v, int32_t lo, int32_t mid, int32_t hi, int32_t *tmp) {
  int32_t i = lo;
  int32_t j = mid;
  int32_t k = lo;
  while (i < mid && j < hi) {
    tmp[k++] = v[j] < v[i] ? v[j++] : v[i++];
  }
  while (i < mid) {
    tmp[k++] = v[i++];
  }
  while (j < hi) {
    tmp[k++] = v[j++];
  }
  for (k = lo; k < hi; k++) {
    v[k] = tmp[k];
  }
}

/* Sorts v[lo, hi). */
static void merge_sort(int32_t *v, int32_t lo, int32_t hi, int32_t *tmp) {
  if (hi - lo < 2) {
    return;
  }
  int32_t mid = lo + (hi - lo) / 2;
  merge_sort(v, lo, mid, tmp);
  merge_sort(v, mid, hi, tmp);
  if (v[mid - 1] > v[mid]) {
    merge(v, lo, mid, hi, tmp);
  }
}

struct digest {
  uint32_t sum;
  uint32_t xor;
};

static struct digest digest_of(const int32_t *v) {
  struct digest d = {0, 0};
  for (int i = 0; i < COUNT; i++) {
    d.sum += (uint32_t)v[i];
    d.xor ^= (uint32_t)v[i] * 0x9E3779B1u;
  }
  return d;
}

static void check_sorted(const int32_t *v, struct digest want, const char *what) {
  for (int i = 1; i < COUNT; i++) {
    if (v[i - 1] > v[i]) {
      suite_fail(what, (uint32_t)i);
    }
  }
  struct digest got = digest_of(v);
  if (got.sum != want.sum || got.xor != want.xor) {
    suite_fail(what, got.sum);
  }
}

static uint32_t sort_both(const char *what) {
  struct digest want = digest_of(input);
  memcpy(quick, input, sizeof quick);
  memcpy(merged, input, sizeof merged);
  quicksort(quick, 0, COUNT - 1);
  merge_sort(merged, 0, COUNT, scratch);
  check_sorted(quick, want, what);
  check_sorted(merged, want, what);
  if (memcmp(quick, merged, sizeof quick) != 0) {
    suite_fail("quicksort and merge sort disagree", 0);
  }
  uint32_t h = 0;
  for (int i = 0; i < COUNT; i += 97) {
    h = suite_mix(h, (uint32_t)quick[i]);
  }
  return h;
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  for (int i = 0; i < COUNT; i++) {
    uint32_t r = suite_next(&rng);
    input[i] = (r & 3) == 0 ? (int32_t)(r >> 24) - 128 : (int32_t)r;
  }
  uint32_t h = sort_both("random input");
  for (int i = 0; i < COUNT; i++) {
    input[i] = merged[COUNT - 1 - i];
  }
  h = suite_mix(h, sort_both("reversed input"));
  memcpy(input, merged, sizeof input);
  return suite_mix(h, sort_both("sorted input"));
}
