/*
 * u64math.c: 64-bit integer arithmetic on a 32-bit machine, which gcc turns into calls to
 * libgcc (__udivdi3, __umoddi3, __divdi3, __moddi3) and inline multi-word code (multiplies,
 * shifts, compares). Each repetition
 *   - tests 300 odd 32-bit numbers for primality with Miller-Rabin (bases 2, 7, 61: exact below
 *     4,759,123,141), products reduced with a 64-bit remainder, and checks the small ones by
 *     trial division;
 *   - divides 400 pairs of splitmix64 numbers, unsigned and signed, and checks
 *     quotient * divisor + remainder = dividend;
 *   - computes 200 greatest common divisors by Euclid (remainders) and by the binary
 *     algorithm (shifts), which must agree;
 *   - raises numbers to powers modulo the Mersenne prime 2^61 - 1 (products by shifting and
 *     adding), checking Fermat's little theorem.
 */
#define SUITE_NAME "u64math"
#define SUITE_DEFAULT_ITERS 20
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] u64math.c */
#define SUITE_CHECK_ONE 0x5787533eu
#define SUITE_CHECK_DEFAULT 0x99e03c97u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-u64math");

#define MERSENNE61 ((1ull << 61) - 1)

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* ---- Miller-Rabin for 32-bit n ---- */

static uint32_t mul_mod32(uint32_t a, uint32_t b, uint32_t n) {
  return (uint32_t)((uint64_t)a * b % n);
}

static uint32_t pow_mod32(uint32_t base, uint32_t e, uint32_t n) {
  uint32_t result = 1;
  base %= n;
  while (e != 0) {
    if (e & 1) {
      result = mul_mod32(result, base, n);
    }
    base = mul_mod32(base, base, n);
    e >>= 1;
  }
  return result;
}

static int witness_says_composite(uint32_t a, uint32_t n, uint32_t d, uint32_t r) {
  uint32_t x = pow_mod32(a, d, n);
  if (x == 1 || x == n - 1) {
    return 0;
  }
  for (uint32_t i = 1; i < r; i++) {
    x = mul_mod32(x, x, n);
    if (x == n - 1) {
      return 0;
    }
  }
  return 1;
}

static int is_prime32(uint32_t n) {
  static const uint32_t bases[] = {2, 7, 61};
  if (n < 2) {
    return 0;
  }
  for (int i = 0; i < 3; i++) {
    if (n == bases[i]) {
      return 1;
    }
    if (n % bases[i] == 0) {
      return 0;
    }
  }
  uint32_t d = n - 1;
  uint32_t r = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    r++;
  }
  for (int i = 0; i < 3; i++) {
    if (witness_says_composite(bases[i], n, d, r)) {
      return 0;
    }
  }
  return 1;
}

static int is_prime_by_division(uint32_t n) {
  if (n < 2) {
    return 0;
  }
  for (uint32_t d = 2; d * d <= n; d++) {
    if (n % d == 0) {
      return 0;
    }
  }
  return 1;
}

/* ---- arithmetic modulo 2^61 - 1 ---- */

/* a * b mod m for a, b < m < 2^62: shift and add, never overflowing. */
static uint64_t mul_mod64(uint64_t a, uint64_t b, uint64_t m) {
  uint64_t result = 0;
  while (b != 0) {
    if (b & 1) {
      result += a;
      if (result >= m) {
        result -= m;
      }
    }
    a <<= 1;
    if (a >= m) {
      a -= m;
    }
    b >>= 1;
  }
  return result;
}

static uint64_t pow_mod64(uint64_t base, uint64_t e, uint64_t m) {
  uint64_t result = 1;
  base %= m;
  while (e != 0) {
    if (e & 1) {
      result = mul_mod64(result, base, m);
    }
    base = mul_mod64(base, base, m);
    e >>= 1;
  }
  return result;
}

/* ---- greatest common divisors ---- */

static uint64_t gcd_euclid(uint64_t a, uint64_t b) {
  while (b != 0) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static uint64_t gcd_binary(uint64_t a, uint64_t b) {
  if (a == 0) {
    return b;
  }
  if (b == 0) {
    return a;
  }
  int shift = 0;
  while (((a | b) & 1) == 0) {
    a >>= 1;
    b >>= 1;
    shift++;
  }
  while ((a & 1) == 0) {
    a >>= 1;
  }
  do {
    while ((b & 1) == 0) {
      b >>= 1;
    }
    if (a > b) {
      uint64_t t = a;
      a = b;
      b = t;
    }
    b -= a;
  } while (b != 0);
  return a << shift;
}

static uint32_t fold64(uint32_t h, uint64_t v) {
  return suite_mix(suite_mix(h, (uint32_t)v), (uint32_t)(v >> 32));
}

static uint32_t run_once(uint32_t seed) {
  uint64_t state = (uint64_t)seed << 32 | (seed ^ 0x5DEECE66u);
  uint32_t h = 0;

  uint32_t primes = 0;
  for (int i = 0; i < 300; i++) {
    uint32_t n = (uint32_t)splitmix64(&state) | 1u;
    if (i < 30) {
      n &= 0xFFFFFu; /* small enough to check by trial division */
      if (is_prime32(n) != is_prime_by_division(n)) {
        suite_fail("Miller-Rabin and trial division disagree", n);
      }
    }
    primes += (uint32_t)is_prime32(n);
  }
  h = suite_mix(h, primes);

  for (int i = 0; i < 400; i++) {
    uint64_t x = splitmix64(&state);
    uint64_t d = splitmix64(&state) >> (i % 61);
    if (d == 0) {
      d = 7;
    }
    uint64_t q = x / d;
    uint64_t r = x % d;
    if (q * d + r != x || r >= d) {
      suite_fail("unsigned 64-bit division", (uint32_t)i);
    }
    int64_t sx = (int64_t)x;
    int64_t sd = (int64_t)(d | 1) * ((i & 2) ? -1 : 1);
    int64_t sq = sx / sd;
    int64_t sr = sx % sd;
    if ((uint64_t)sq * (uint64_t)sd + (uint64_t)sr != (uint64_t)sx
        || (sr != 0 && (sr < 0) != (sx < 0))) {
      suite_fail("signed 64-bit division", (uint32_t)i);
    }
    h = fold64(h, q ^ (uint64_t)sq);
    h = fold64(h, r + (uint64_t)sr);
  }

  for (int i = 0; i < 200; i++) {
    uint64_t common = (splitmix64(&state) & 0xFFFFFull) + 1;
    uint64_t a = (splitmix64(&state) >> 24) * common;
    uint64_t b = (splitmix64(&state) >> 26) * common;
    uint64_t g = gcd_euclid(a, b);
    if (g != gcd_binary(a, b) || (g != 0 && (a % g != 0 || b % g != 0))) {
      suite_fail("the two GCD algorithms disagree", (uint32_t)i);
    }
    h = fold64(h, g);
  }

  for (int i = 0; i < 6; i++) {
    uint64_t a = splitmix64(&state) % (MERSENNE61 - 2) + 2;
    if (pow_mod64(a, MERSENNE61 - 1, MERSENNE61) != 1) {
      suite_fail("Fermat's little theorem modulo 2^61-1", (uint32_t)i);
    }
    h = fold64(h, pow_mod64(a, splitmix64(&state), MERSENNE61));
  }
  return h;
}
