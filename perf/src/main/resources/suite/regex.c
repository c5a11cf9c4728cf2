/*
 * regex.c: backtracking pattern matching, recursive. A small regular-expression matcher
 * (literals, '.', classes [a-c] and [^x], the quantifiers '*', '+' and '?', anchors '^' and
 * '$'; patterns are compiled to tokens first, matching backtracks greedily) and a glob
 * matcher ('*', '?', classes; recursive). Each repetition generates 100 strings over a small
 * alphabet and 32 random glob patterns; every glob is also translated to an anchored regular
 * expression and both matchers must agree on every string. Then a fixed list of regular
 * expressions is searched in every string. A table of known answers is checked once per run.
 */
#define SUITE_NAME "regex"
#define SUITE_DEFAULT_ITERS 4
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] regex.c */
#define SUITE_CHECK_ONE 0x26a608a3u
#define SUITE_CHECK_DEFAULT 0x0a944e49u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-regex");

#define STRINGS 100
#define STRING_CAP 32
#define GLOBS 32
#define PATTERN_CAP 40
#define TOKEN_CAP 40

enum token_kind { TK_CLASS, TK_BEGIN, TK_END };
enum quantifier { Q_ONE, Q_STAR, Q_PLUS, Q_OPTIONAL };

struct token {
  uint8_t kind;
  uint8_t quantifier;
  uint32_t set[8]; /* TK_CLASS: the bytes it matches, a 256-bit set */
};

struct regex {
  struct token tokens[TOKEN_CAP];
  uint32_t count;
};

/* ---- character sets ---- */

static void set_add(uint32_t set[8], unsigned char c) {
  set[c >> 5] |= 1u << (c & 31);
}

static int set_has(const uint32_t set[8], unsigned char c) {
  return (set[c >> 5] >> (c & 31)) & 1;
}

/* Parses a class after its '['; returns the position after ']'. */
static const unsigned char *parse_class(const unsigned char *p, uint32_t set[8]) {
  int negated = *p == '^';
  if (negated) {
    p++;
  }
  memset(set, 0, 8 * sizeof set[0]);
  while (*p != '\0' && *p != ']') {
    unsigned char lo = *p++;
    unsigned char hi = lo;
    if (*p == '-' && p[1] != ']' && p[1] != '\0') {
      hi = p[1];
      p += 2;
    }
    for (uint32_t c = lo; c <= hi; c++) {
      set_add(set, (unsigned char)c);
    }
  }
  if (negated) {
    for (int i = 0; i < 8; i++) {
      set[i] = ~set[i];
    }
    set[0] &= ~1u; /* never the NUL that ends a string */
  }
  return *p == ']' ? p + 1 : p;
}

/* ---- regular expressions ---- */

static void regex_compile(struct regex *re, const unsigned char *p) {
  re->count = 0;
  while (*p != '\0') {
    if (re->count == TOKEN_CAP) {
      suite_fail("pattern too long", TOKEN_CAP);
    }
    struct token *t = &re->tokens[re->count++];
    t->quantifier = Q_ONE;
    memset(t->set, 0, sizeof t->set);
    if (*p == '^' && re->count == 1) {
      t->kind = TK_BEGIN;
      p++;
      continue;
    }
    if (*p == '$' && p[1] == '\0') {
      t->kind = TK_END;
      p++;
      continue;
    }
    t->kind = TK_CLASS;
    if (*p == '.') {
      for (int i = 0; i < 8; i++) {
        t->set[i] = 0xFFFFFFFFu;
      }
      t->set[0] &= ~1u;
      p++;
    } else if (*p == '[') {
      p = parse_class(p + 1, t->set);
    } else {
      if (*p == '\\' && p[1] != '\0') {
        p++;
      }
      set_add(t->set, *p++);
    }
    if (*p == '*') {
      t->quantifier = Q_STAR;
      p++;
    } else if (*p == '+') {
      t->quantifier = Q_PLUS;
      p++;
    } else if (*p == '?') {
      t->quantifier = Q_OPTIONAL;
      p++;
    }
  }
}

static int match_here(const struct regex *re, uint32_t i, const unsigned char *s);

/* Matches token i repeated between min and max times, longest first, then the rest. */
static int match_repeat(const struct regex *re, uint32_t i, const unsigned char *s,
    uint32_t min, uint32_t max) {
  const struct token *t = &re->tokens[i];
  uint32_t n = 0;
  while (n < max && s[n] != '\0' && set_has(t->set, s[n])) {
    n++;
  }
  for (;;) {
    if (n < min) {
      return 0;
    }
    if (match_here(re, i + 1, s + n)) {
      return 1;
    }
    if (n == 0) {
      return 0;
    }
    n--;
  }
}

static int match_here(const struct regex *re, uint32_t i, const unsigned char *s) {
  if (i == re->count) {
    return 1;
  }
  const struct token *t = &re->tokens[i];
  if (t->kind == TK_END) {
    return *s == '\0';
  }
  switch (t->quantifier) {
    case Q_STAR:
      return match_repeat(re, i, s, 0, 0xFFFFFFFFu);
    case Q_PLUS:
      return match_repeat(re, i, s, 1, 0xFFFFFFFFu);
    case Q_OPTIONAL:
      return match_repeat(re, i, s, 0, 1);
    default:
      return *s != '\0' && set_has(t->set, *s) && match_here(re, i + 1, s + 1);
  }
}

/* Whether re matches anywhere in s. */
static int regex_search(const struct regex *re, const unsigned char *s) {
  if (re->count > 0 && re->tokens[0].kind == TK_BEGIN) {
    return match_here(re, 1, s);
  }
  do {
    if (match_here(re, 0, s)) {
      return 1;
    }
  } while (*s++ != '\0');
  return 0;
}

/* ---- globs ---- */

static int glob_match(const unsigned char *p, const unsigned char *s) {
  while (*p != '\0') {
    if (*p == '*') {
      while (*p == '*') {
        p++;
      }
      if (*p == '\0') {
        return 1;
      }
      for (; *s != '\0'; s++) {
        if (glob_match(p, s)) {
          return 1;
        }
      }
      return 0;
    }
    if (*s == '\0') {
      return 0;
    }
    if (*p == '?') {
      p++;
    } else if (*p == '[') {
      uint32_t set[8];
      p = parse_class(p + 1, set);
      if (!set_has(set, *s)) {
        return 0;
      }
    } else if (*p++ != *s) {
      return 0;
    }
    s++;
  }
  return *s == '\0';
}

/* The anchored regular expression that matches what glob g matches. */
static void glob_to_regex(const unsigned char *g, unsigned char *out) {
  *out++ = '^';
  while (*g != '\0') {
    if (*g == '*') {
      *out++ = '.';
      *out++ = '*';
      g++;
    } else if (*g == '?') {
      *out++ = '.';
      g++;
    } else if (*g == '[') {
      while (*g != ']') {
        *out++ = *g++;
      }
      *out++ = *g++;
    } else {
      *out++ = *g++;
    }
  }
  *out++ = '$';
  *out = '\0';
}

/* ---- the work ---- */

static unsigned char strings[STRINGS][STRING_CAP];
static unsigned char globs[GLOBS][PATTERN_CAP];

static const char *const searches[] = {"ab+c", "^a.*e$", "[a-c]+d?e", "d[^a]*a", "b.?b.?b",
    "^[bcd]*$", "ea*e", "c[ab]+[de]+c", "a.b.c", "e$"};
#define SEARCH_COUNT (sizeof searches / sizeof searches[0])

static void make_string(uint32_t *rng, unsigned char *s) {
  uint32_t len = 4 + suite_below(rng, STRING_CAP - 6);
  for (uint32_t i = 0; i < len; i++) {
    s[i] = (unsigned char)("abcde"[suite_below(rng, 5)]);
  }
  s[len] = '\0';
}

static void make_glob(uint32_t *rng, unsigned char *g) {
  uint32_t parts = 2 + suite_below(rng, 6);
  uint32_t n = 0;
  for (uint32_t i = 0; i < parts; i++) {
    uint32_t r = suite_below(rng, 10);
    if (r < 3) {
      g[n++] = '*';
    } else if (r < 5) {
      g[n++] = '?';
    } else if (r < 6) {
      g[n++] = '[';
      g[n++] = (unsigned char)("abc"[suite_below(rng, 3)]);
      g[n++] = '-';
      g[n++] = (unsigned char)("cde"[suite_below(rng, 3)]);
      g[n++] = ']';
    } else {
      g[n++] = (unsigned char)("abcde"[suite_below(rng, 5)]);
    }
  }
  g[n] = '\0';
}

struct known {
  const char *pattern;
  const char *text;
  int regex_matches;
  int glob_matches;
};

static const struct known knowns[] = {
    {"a*", "", 1, 0},           {"ab", "xaby", 1, 0},     {"^ab", "xab", 0, 0},
    {"b$", "abb", 1, 0},        {"a+b", "b", 0, 0},        {"colou?r", "color", 1, 0},
    {"[^x]y", "xy", 0, 0},      {"[a-c]*d", "abcd", 1, 1}, {"a?b", "ab", 1, 0},
    {"*c*", "abcde", 1, 1},     {"?b?", "abc", 1, 1},      {"x.*y.*z", "xyz", 1, 0},
};

static void check_knowns(void) {
  for (uint32_t i = 0; i < sizeof knowns / sizeof knowns[0]; i++) {
    const struct known *k = &knowns[i];
    struct regex re;
    int is_glob_pattern = k->pattern[0] == '*' || k->pattern[0] == '?';
    if (!is_glob_pattern) {
      regex_compile(&re, (const unsigned char *)k->pattern);
      if (regex_search(&re, (const unsigned char *)k->text) != k->regex_matches) {
        suite_fail("a known regular-expression answer", i);
      }
    }
    if (glob_match((const unsigned char *)k->pattern, (const unsigned char *)k->text)
        != k->glob_matches) {
      suite_fail("a known glob answer", i);
    }
  }
}

static uint32_t run_once(uint32_t seed) {
  static int checked;
  if (!checked) {
    check_knowns();
    checked = 1;
  }
  uint32_t rng = suite_state(seed);
  for (int i = 0; i < STRINGS; i++) {
    make_string(&rng, strings[i]);
  }
  for (int i = 0; i < GLOBS; i++) {
    make_glob(&rng, globs[i]);
  }
  uint32_t h = 0;
  struct regex re;
  unsigned char translated[2 * PATTERN_CAP + 4];
  for (int g = 0; g < GLOBS; g++) {
    glob_to_regex(globs[g], translated);
    regex_compile(&re, translated);
    uint32_t matched = 0;
    for (int s = 0; s < STRINGS; s++) {
      int by_glob = glob_match(globs[g], strings[s]);
      int by_regex = regex_search(&re, strings[s]);
      if (by_glob != by_regex) {
        suite_fail("glob and its regular expression disagree", (uint32_t)(g * 256 + s));
      }
      matched = matched * 2 + (uint32_t)by_glob;
    }
    h = suite_mix(h, matched);
  }
  for (uint32_t r = 0; r < SEARCH_COUNT; r++) {
    regex_compile(&re, (const unsigned char *)searches[r]);
    uint32_t count = 0;
    for (int s = 0; s < STRINGS; s++) {
      count += (uint32_t)regex_search(&re, strings[s]);
    }
    h = suite_mix(h, count);
  }
  return h;
}
