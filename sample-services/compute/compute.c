/*
 * compute: a CPU-bound service, to show what the JIT buys (compute/README.md has measurements).
 *
 *   GET /primes?n=N                  primes below N (sieve of Eratosthenes over odd numbers),
 *                                    N in 2..10000000, default 1000000
 *   GET /mandelbrot?w=W&h=H&iter=I   the Mandelbrot set as ASCII art in 16.16 fixed point,
 *                                    W 1..200 (default 80), H 1..100 (40), I 1..1000 (256)
 *   GET /                            this list
 *
 * Every answer carries X-Guest-Instructions: the guest instructions the computation retired
 * (the instret counter before and after), which does not depend on the engine.
 */
#include <denali.h>
#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DENALI_SETTINGS("memory=2M", "stack=64K", "service=compute", "http=message");

#define PRIMES_MAX 10000000u
#define MANDEL_MAX_W 200
#define MANDEL_MAX_H 100
#define MANDEL_MAX_ITER 1000

static uint8_t *sieve; /* one bit per odd number below PRIMES_MAX */

/* Reads query parameter `name` as a number in [lo, hi]; `dflt` when absent; -1 when invalid. */
static long param(const http_request *req, const char *name, long dflt, long lo, long hi) {
  char text[16];
  int n = http_query_param(req, name, text, sizeof text);
  if (n == -1) {
    return dflt;
  }
  if (n < 0) {
    return -1; /* too long */
  }
  char *end;
  long v = strtol(text, &end, 10);
  if (n == 0 || *end != 0 || v < lo || v > hi) {
    return -1;
  }
  return v;
}

/* Counts the primes below n; *largest = the largest of them (0 when none). */
static uint32_t count_primes(uint32_t n, uint32_t *largest) {
  *largest = 0;
  if (n <= 2) {
    return 0;
  }
  /* Bit i stands for the odd number 2i + 1; set = composite. */
  uint32_t odds = n / 2;
  memset(sieve, 0, (odds + 7) / 8);
  for (uint32_t i = 1; (2 * i + 1) * (2 * i + 1) < n; i++) {
    if (sieve[i >> 3] & (1u << (i & 7))) {
      continue;
    }
    uint32_t p = 2 * i + 1;
    for (uint32_t j = (p * p) / 2; j < odds; j += p) {
      sieve[j >> 3] |= (uint8_t)(1u << (j & 7));
    }
  }
  uint32_t count = 1; /* 2 */
  *largest = 2;
  for (uint32_t i = 1; i < odds; i++) {
    if (!(sieve[i >> 3] & (1u << (i & 7)))) {
      count++;
      *largest = 2 * i + 1;
    }
  }
  return count;
}

static void primes(const http_request *req, http_response *res) {
  long n = param(req, "n", 1000000, 2, PRIMES_MAX);
  if (n < 0) {
    http_error(res, 400);
    http_puts(res, "n must be a number in 2..10000000\n");
    return;
  }
  uint64_t before = denali_instret64();
  uint32_t largest;
  uint32_t count = count_primes((uint32_t)n, &largest);
  uint64_t used = denali_instret64() - before;
  char text[24];
  snprintf(text, sizeof text, "%llu", (unsigned long long)used);
  http_set_header(res, "X-Guest-Instructions", text);
  http_set_header(res, "Content-Type", "text/plain");
  http_printf(res, "primes below %ld: %u (largest %u)\n", n, (unsigned)count,
      (unsigned)largest);
}

/* Iterations until |z| > 2 for c = (cr, ci) in 16.16 fixed point, at most `limit`. */
static int escape(int32_t cr, int32_t ci, int limit) {
  int32_t zr = 0, zi = 0;
  for (int k = 0; k < limit; k++) {
    int64_t rr = (int64_t)zr * zr, ii = (int64_t)zi * zi;
    if (rr + ii > (int64_t)4 << 32) {
      return k;
    }
    int32_t nr = (int32_t)((rr - ii) >> 16) + cr;
    zi = (int32_t)(((int64_t)zr * zi) >> 15) + ci;
    zr = nr;
  }
  return limit;
}

static void mandelbrot(const http_request *req, http_response *res) {
  long w = param(req, "w", 80, 1, MANDEL_MAX_W);
  long h = param(req, "h", 40, 1, MANDEL_MAX_H);
  long iter = param(req, "iter", 256, 1, MANDEL_MAX_ITER);
  if (w < 0 || h < 0 || iter < 0) {
    http_error(res, 400);
    http_puts(res, "w in 1..200, h in 1..100, iter in 1..1000\n");
    return;
  }
  static const char shades[] = " .:-=+*#%@";
  uint64_t before = denali_instret64();
  /* The view: real -2.5 .. 1.0, imaginary -1.2 .. 1.2. */
  int32_t x0 = -(5 << 15), dx = (int32_t)((7 << 15) / w);
  int32_t y0 = -(int32_t)(12 << 16) / 10, dy = (int32_t)((24 << 16) / 10 / h);
  char line[MANDEL_MAX_W + 1];
  for (long y = 0; y < h; y++) {
    for (long x = 0; x < w; x++) {
      int k = escape(x0 + (int32_t)x * dx, y0 + (int32_t)y * dy, (int)iter);
      line[x] = k == iter ? '@' : shades[(k * 9) / (int)iter];
    }
    line[w] = '\n';
    http_write(res, line, (size_t)w + 1);
  }
  uint64_t used = denali_instret64() - before;
  char text[24];
  snprintf(text, sizeof text, "%llu", (unsigned long long)used);
  http_set_header(res, "X-Guest-Instructions", text);
  http_set_header(res, "Content-Type", "text/plain");
}

void handle(const http_request *req, http_response *res) {
  if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
    http_set_header(res, "Allow", "GET, HEAD");
    http_error(res, 405);
  } else if (strcmp(req->path, "/primes") == 0) {
    primes(req, res);
  } else if (strcmp(req->path, "/mandelbrot") == 0) {
    mandelbrot(req, res);
  } else if (strcmp(req->path, "/") == 0) {
    http_set_header(res, "Content-Type", "text/plain");
    http_puts(res, "GET /primes?n=N                 primes below N (2..10000000)\n"
                   "GET /mandelbrot?w=W&h=H&iter=I  ASCII Mandelbrot (w<=200, h<=100, iter<=1000)\n");
  } else {
    http_error(res, 404);
  }
}

int main(void) {
  sieve = malloc(PRIMES_MAX / 16 + 1);
  if (sieve == NULL) {
    fprintf(stderr, "compute: no memory for the sieve\n");
    return 1;
  }
  http_config config = {.max_flows = 16, .max_response_bytes = 32768};
  int r = http_serve(handle, &config);
  fprintf(stderr, "compute: http_serve failed: %d\n", r);
  return 1;
}
