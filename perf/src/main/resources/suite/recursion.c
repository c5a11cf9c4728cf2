/*
 * recursion.c: many short function calls and deep recursion. Each repetition
 *   - counts the solutions of the n-queens problem for n = 8 (92) and one of 6, 7 or 9 (4, 40,
 *     352), placing queens row by row with a board array and small helper functions;
 *   - solves a Sudoku puzzle derived from a complete grid by removing 40 to 50 cells, by
 *     backtracking over the empty cells, and checks that the solution is a valid grid that
 *     keeps the given digits;
 *   - evaluates Ackermann's function A(2, n) and A(3, 5) (A(2, n) = 2n + 3, A(3, n) =
 *     2^(n+3) - 3), and counts the partitions of 40 to 45 into parts of at most 12.
 * The helpers are noinline: they stand for functions in other files, which the compiler could
 * not inline either.
 */
#define SUITE_NAME "recursion"
#define SUITE_DEFAULT_ITERS 8
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] recursion.c */
#define SUITE_CHECK_ONE 0x72766b66u
#define SUITE_CHECK_DEFAULT 0x27046959u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=256K", "service=suite-recursion");

#define HELPER static __attribute__((noinline))

/* ---- n-queens ---- */

#define MAX_QUEENS 10

struct board {
  int32_t n;
  int32_t column_of[MAX_QUEENS]; /* the queen's column in each placed row */
};

HELPER int32_t distance(int32_t a, int32_t b) {
  return a > b ? a - b : b - a;
}

HELPER int attacks(int32_t row1, int32_t col1, int32_t row2, int32_t col2) {
  return col1 == col2 || distance(row1, row2) == distance(col1, col2);
}

HELPER int is_safe(const struct board *b, int32_t row, int32_t col) {
  for (int32_t r = 0; r < row; r++) {
    if (attacks(r, b->column_of[r], row, col)) {
      return 0;
    }
  }
  return 1;
}

static uint32_t place(struct board *b, int32_t row) {
  if (row == b->n) {
    return 1;
  }
  uint32_t solutions = 0;
  for (int32_t col = 0; col < b->n; col++) {
    if (is_safe(b, row, col)) {
      b->column_of[row] = col;
      solutions += place(b, row + 1);
    }
  }
  return solutions;
}

static uint32_t queens(int32_t n) {
  struct board b;
  b.n = n;
  return place(&b, 0);
}

/* ---- Sudoku ---- */

typedef uint8_t grid[9][9];

HELPER int row_has(const grid g, int r, uint8_t d) {
  for (int c = 0; c < 9; c++) {
    if (g[r][c] == d) {
      return 1;
    }
  }
  return 0;
}

HELPER int column_has(const grid g, int c, uint8_t d) {
  for (int r = 0; r < 9; r++) {
    if (g[r][c] == d) {
      return 1;
    }
  }
  return 0;
}

HELPER int box_has(const grid g, int r, int c, uint8_t d) {
  int r0 = r - r % 3;
  int c0 = c - c % 3;
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) {
      if (g[r0 + i][c0 + j] == d) {
        return 1;
      }
    }
  }
  return 0;
}

HELPER int allowed(const grid g, int r, int c, uint8_t d) {
  return !row_has(g, r, d) && !column_has(g, c, d) && !box_has(g, r, c, d);
}

/* Fills the empty cells from cell `at` on; counts the digits tried in *tries. */
static int solve(grid g, int at, uint32_t *tries) {
  while (at < 81 && g[at / 9][at % 9] != 0) {
    at++;
  }
  if (at == 81) {
    return 1;
  }
  int r = at / 9;
  int c = at % 9;
  for (uint8_t d = 1; d <= 9; d++) {
    (*tries)++;
    if (allowed(g, r, c, d)) {
      g[r][c] = d;
      if (solve(g, at + 1, tries)) {
        return 1;
      }
      g[r][c] = 0;
    }
  }
  return 0;
}

/* A complete grid: the pattern (3r + r/3 + c) % 9, with digits, rows and columns shuffled. */
static void make_complete(grid g, uint32_t *rng) {
  uint8_t digit[9];
  for (int i = 0; i < 9; i++) {
    digit[i] = (uint8_t)(i + 1);
  }
  for (int i = 8; i > 0; i--) {
    int j = (int)suite_below(rng, (uint32_t)i + 1);
    uint8_t t = digit[i];
    digit[i] = digit[j];
    digit[j] = t;
  }
  int band_row = (int)suite_below(rng, 3);
  for (int r = 0; r < 9; r++) {
    int rr = r / 3 == 0 ? (r + band_row) % 3 : r; /* rows swapped within the first band */
    for (int c = 0; c < 9; c++) {
      g[r][c] = digit[(3 * (rr % 3) + rr / 3 + c) % 9];
    }
  }
}

static int valid_grid(const grid g) {
  for (int i = 0; i < 9; i++) {
    uint32_t row = 0;
    uint32_t col = 0;
    uint32_t box = 0;
    for (int j = 0; j < 9; j++) {
      row |= 1u << g[i][j];
      col |= 1u << g[j][i];
      box |= 1u << g[3 * (i / 3) + j / 3][3 * (i % 3) + j % 3];
    }
    if (row != 0x3FE || col != 0x3FE || box != 0x3FE) {
      return 0;
    }
  }
  return 1;
}

static uint32_t sudoku(uint32_t *rng) {
  grid complete;
  grid puzzle;
  make_complete(complete, rng);
  if (!valid_grid(complete)) {
    suite_fail("the generated grid is not valid", 0);
  }
  memcpy(puzzle, complete, sizeof puzzle);
  uint32_t holes = 40 + suite_below(rng, 11);
  for (uint32_t removed = 0; removed < holes;) {
    uint32_t cell = suite_below(rng, 81);
    if (puzzle[cell / 9][cell % 9] != 0) {
      puzzle[cell / 9][cell % 9] = 0;
      removed++;
    }
  }
  grid solved;
  memcpy(solved, puzzle, sizeof solved);
  uint32_t tries = 0;
  if (!solve(solved, 0, &tries) || !valid_grid(solved)) {
    suite_fail("sudoku not solved", tries);
  }
  for (int i = 0; i < 81; i++) {
    if (puzzle[i / 9][i % 9] != 0 && puzzle[i / 9][i % 9] != solved[i / 9][i % 9]) {
      suite_fail("the solution changed a given digit", (uint32_t)i);
    }
  }
  uint32_t h = tries;
  for (int i = 0; i < 81; i++) {
    h = h * 10 + solved[i / 9][i % 9];
  }
  return h;
}

/* ---- Ackermann and partitions ---- */

static uint32_t ackermann(uint32_t m, uint32_t n) {
  if (m == 0) {
    return n + 1;
  }
  if (n == 0) {
    return ackermann(m - 1, 1);
  }
  return ackermann(m - 1, ackermann(m, n - 1));
}

/* The partitions of n into parts of at most k. */
static uint32_t partitions(uint32_t n, uint32_t k) {
  if (n == 0) {
    return 1;
  }
  if (k == 0) {
    return 0;
  }
  return partitions(n, k - 1) + (k <= n ? partitions(n - k, k) : 0);
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  static const uint32_t known[] = {1, 0, 0, 2, 10, 4, 40, 92, 352};
  if (queens(8) != 92) {
    suite_fail("8 queens", queens(8));
  }
  int32_t n = 6 + (int32_t)suite_below(&rng, 3);
  n += n == 8; /* 6, 7 or 9 */
  uint32_t q = queens(n);
  if (q != known[n - 1]) {
    suite_fail("n queens", q);
  }
  uint32_t h = suite_mix(0, q);
  h = suite_mix(h, sudoku(&rng));
  uint32_t a = 4 + suite_below(&rng, 40);
  if (ackermann(2, a) != 2 * a + 3 || ackermann(3, 5) != 253) {
    suite_fail("Ackermann", a);
  }
  h = suite_mix(h, partitions(40 + suite_below(&rng, 6), 12));
  return h;
}
