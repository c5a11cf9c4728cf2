/*
 * matrix.c: integer matrices. Each repetition fills two 40 x 40 matrices A and B, multiplies
 * them modulo the prime 65521 and with wrapping 32-bit arithmetic, transposes, and computes
 * determinants modulo 65521 by Gaussian elimination (pivot search, row swaps, inverses by the
 * extended Euclidean algorithm). It checks det(AB) = det(A) det(B), det(A^T) = det(A) and
 * (AB)^T = B^T A^T (wrapping).
 */
#define SUITE_NAME "matrix"
#define SUITE_DEFAULT_ITERS 24
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] matrix.c */
#define SUITE_CHECK_ONE 0x33d7d9a1u
#define SUITE_CHECK_DEFAULT 0x87b4651bu
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-matrix");

#define N 40
#define P 65521u /* the largest prime below 2^16: (P-1)^2 + P still fits in 32 bits */

typedef uint32_t matrix[N][N];

static matrix a, b, c, at, bt, ct, work;

static void fill(matrix m, uint32_t *rng, uint32_t zero_one_in) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      m[i][j] = suite_below(rng, zero_one_in) == 0 ? 0 : suite_below(rng, P);
    }
  }
}

static void transpose(matrix out, matrix in) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      out[j][i] = in[i][j];
    }
  }
}

static void multiply_mod(matrix out, matrix x, matrix y) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      uint32_t acc = 0;
      for (int k = 0; k < N; k++) {
        acc = (acc + x[i][k] * y[k][j]) % P;
      }
      out[i][j] = acc;
    }
  }
}

static void multiply_wrapping(matrix out, matrix x, matrix y) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      out[i][j] = 0;
    }
    for (int k = 0; k < N; k++) {
      uint32_t xik = x[i][k];
      for (int j = 0; j < N; j++) {
        out[i][j] += xik * y[k][j];
      }
    }
  }
}

/* The inverse of v modulo P (v != 0), by the extended Euclidean algorithm. */
static uint32_t inverse_mod(uint32_t v) {
  int32_t r0 = (int32_t)P;
  int32_t r1 = (int32_t)v;
  int32_t s0 = 0;
  int32_t s1 = 1;
  while (r1 != 0) {
    int32_t q = r0 / r1;
    int32_t r2 = r0 - q * r1;
    int32_t s2 = s0 - q * s1;
    r0 = r1;
    r1 = r2;
    s0 = s1;
    s1 = s2;
  }
  if (r0 != 1) {
    suite_fail("no inverse", v);
  }
  return (uint32_t)(s0 < 0 ? s0 + (int32_t)P : s0);
}

static uint32_t mul_mod(uint32_t x, uint32_t y) {
  return x * y % P;
}

/* The determinant of m modulo P; m is left unchanged. */
static uint32_t determinant_mod(matrix m) {
  memcpy(work, m, sizeof work);
  uint32_t det = 1;
  for (int col = 0; col < N; col++) {
    int pivot = col;
    while (pivot < N && work[pivot][col] == 0) {
      pivot++;
    }
    if (pivot == N) {
      return 0;
    }
    if (pivot != col) {
      for (int j = 0; j < N; j++) {
        uint32_t t = work[col][j];
        work[col][j] = work[pivot][j];
        work[pivot][j] = t;
      }
      det = (P - det) % P;
    }
    uint32_t d = work[col][col];
    det = mul_mod(det, d);
    uint32_t inv = inverse_mod(d);
    for (int i = col + 1; i < N; i++) {
      uint32_t f = mul_mod(work[i][col], inv);
      if (f == 0) {
        continue;
      }
      for (int j = col; j < N; j++) {
        work[i][j] = (work[i][j] + P - mul_mod(f, work[col][j])) % P;
      }
    }
  }
  return det;
}

static uint32_t hash_matrix(matrix m) {
  uint32_t h = 0;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      h = h * 31 + m[i][j];
    }
  }
  return h;
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  uint32_t h = 0;
  fill(a, &rng, 5);
  fill(b, &rng, 3);

  multiply_mod(c, a, b);
  uint32_t da = determinant_mod(a);
  uint32_t db = determinant_mod(b);
  uint32_t dc = determinant_mod(c);
  if (dc != mul_mod(da, db)) {
    suite_fail("det(AB) != det(A) det(B)", dc);
  }
  transpose(at, a);
  if (determinant_mod(at) != da) {
    suite_fail("det(A^T) != det(A)", da);
  }
  h = suite_mix(h, da);
  h = suite_mix(h, db);
  h = suite_mix(h, hash_matrix(c));

  multiply_wrapping(c, a, b);
  transpose(ct, c);
  transpose(bt, b);
  multiply_wrapping(work, bt, at);
  if (memcmp(work, ct, sizeof work) != 0) {
    suite_fail("(AB)^T != B^T A^T", hash_matrix(work));
  }
  return suite_mix(h, hash_matrix(ct));
}
