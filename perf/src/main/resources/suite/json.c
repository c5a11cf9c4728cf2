/*
 * json.c: a JSON parser, recursive descent. Each repetition generates about 12 KiB of JSON
 * (nested objects and arrays up to depth 7, integers, decimals with three digits after the
 * point, strings with escapes, true, false, null, irregular white space) while keeping the sum
 * of its numbers and its count of values; parses it into a tree of nodes (first child, next
 * sibling) from an arena; walks the tree to sum the numbers and count the values; and writes
 * the tree back as compact JSON, which must equal the generated text without its white space.
 */
#define SUITE_NAME "json"
#define SUITE_DEFAULT_ITERS 64
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] json.c */
#define SUITE_CHECK_ONE 0xa96f0115u
#define SUITE_CHECK_DEFAULT 0x2e38a831u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-json");

#define TEXT_CAP 16384
#define NODE_CAP 4096
#define MAX_DEPTH 7

enum kind { J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct jnode {
  uint8_t kind;
  uint8_t decimal;    /* J_NUMBER: written with three digits after the point */
  int32_t milli;      /* J_NUMBER: the value times 1000 */
  uint32_t at;        /* J_STRING (also an object member's key): the quoted text's start */
  uint32_t len;       /* ... and length, quotes included */
  struct jnode *key;  /* a member of an object: its key (a J_STRING node) */
  struct jnode *child;
  struct jnode *next;
};

static unsigned char text[TEXT_CAP];
static uint32_t text_len;
static unsigned char compact[TEXT_CAP];
static uint32_t compact_len;
static unsigned char rewritten[TEXT_CAP];
static uint32_t rewritten_len;
static struct jnode nodes[NODE_CAP];
static uint32_t nodes_used;

struct totals {
  int32_t milli_sum;
  uint32_t values;
};

/* ---- the generator ---- */

static void put(unsigned char c) {
  if (text_len == TEXT_CAP - 1) {
    suite_fail("generated text too long", text_len);
  }
  text[text_len++] = c;
}

static void put_text(const char *s) {
  while (*s != '\0') {
    put((unsigned char)*s++);
  }
}

static void put_space(uint32_t *rng) {
  uint32_t r = suite_below(rng, 8);
  if (r == 0) {
    put(' ');
  } else if (r == 1) {
    put_text("\n  ");
  }
}

static void put_unsigned(uint32_t v, int width) {
  char digits[12];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0 || n < width);
  while (n > 0) {
    put((unsigned char)digits[--n]);
  }
}

static void generate_string(uint32_t *rng) {
  put('"');
  uint32_t len = suite_below(rng, 10);
  for (uint32_t i = 0; i < len; i++) {
    uint32_t r = suite_below(rng, 30);
    if (r == 0) {
      put_text("\\\"");
    } else if (r == 1) {
      put_text("\\\\");
    } else if (r == 2) {
      put_text("\\n");
    } else {
      put((unsigned char)("abcdefghijklmnopqrstuvwxyzABCDEF_-"[r]));
    }
  }
  put('"');
}

static void generate_value(uint32_t *rng, uint32_t depth, struct totals *t) {
  uint32_t r = suite_below(rng, depth < 2 ? 4 : (depth >= MAX_DEPTH ? 10 : 14));
  t->values++;
  if (r < 2) {
    uint32_t members = 1 + suite_below(rng, 6);
    put(r == 0 ? '{' : '[');
    for (uint32_t i = 0; i < members; i++) {
      if (i > 0) {
        put(',');
      }
      put_space(rng);
      if (r == 0) {
        generate_string(rng);
        put_space(rng);
        put(':');
        put_space(rng);
      }
      generate_value(rng, depth + 1, t);
      put_space(rng);
    }
    put(r == 0 ? '}' : ']');
  } else if (r < 6) {
    uint32_t v = suite_next(rng) % 100000;
    int negative = (r & 1) != 0 && v != 0; /* never "-0": it would be written back as "0" */
    if (negative) {
      put('-');
    }
    put_unsigned(v, 1);
    t->milli_sum += (int32_t)(v * 1000) * (negative ? -1 : 1);
  } else if (r < 8) {
    uint32_t whole = suite_below(rng, 1000);
    uint32_t fraction = suite_below(rng, 1000);
    put_unsigned(whole, 1);
    put('.');
    put_unsigned(fraction, 3);
    t->milli_sum += (int32_t)(whole * 1000 + fraction);
  } else if (r < 11) {
    generate_string(rng);
  } else {
    put_text(r == 11 ? "true" : (r == 12 ? "false" : "null"));
  }
}

/* ---- the parser ---- */

struct parser {
  const unsigned char *s;
  uint32_t at;
};

static struct jnode *new_node(enum kind k) {
  if (nodes_used == NODE_CAP) {
    suite_fail("node arena exhausted", NODE_CAP);
  }
  struct jnode *n = &nodes[nodes_used++];
  memset(n, 0, sizeof *n);
  n->kind = (uint8_t)k;
  return n;
}

static void skip_space(struct parser *p) {
  while (p->s[p->at] == ' ' || p->s[p->at] == '\n' || p->s[p->at] == '\t'
      || p->s[p->at] == '\r') {
    p->at++;
  }
}

static void expect(struct parser *p, unsigned char c) {
  skip_space(p);
  if (p->s[p->at] != c) {
    suite_fail("unexpected character", p->at);
  }
  p->at++;
}

static struct jnode *parse_value(struct parser *p);

static struct jnode *parse_string(struct parser *p) {
  struct jnode *n = new_node(J_STRING);
  n->at = p->at;
  p->at++; /* the opening quote */
  while (p->s[p->at] != '"') {
    if (p->s[p->at] == '\0') {
      suite_fail("unterminated string", n->at);
    }
    p->at += p->s[p->at] == '\\' ? 2 : 1;
  }
  p->at++;
  n->len = p->at - n->at;
  return n;
}

static struct jnode *parse_number(struct parser *p) {
  struct jnode *n = new_node(J_NUMBER);
  int negative = p->s[p->at] == '-';
  if (negative) {
    p->at++;
  }
  int32_t whole = 0;
  while (p->s[p->at] >= '0' && p->s[p->at] <= '9') {
    whole = whole * 10 + (p->s[p->at++] - '0');
  }
  int32_t fraction = 0;
  if (p->s[p->at] == '.') {
    n->decimal = 1;
    p->at++;
    for (int i = 0; i < 3; i++) {
      fraction = fraction * 10 + (p->s[p->at++] - '0');
    }
  }
  n->milli = (whole * 1000 + fraction) * (negative ? -1 : 1);
  return n;
}

static int literal(struct parser *p, const char *word) {
  uint32_t len = (uint32_t)strlen(word);
  if (memcmp(p->s + p->at, word, len) == 0) {
    p->at += len;
    return 1;
  }
  return 0;
}

/* Parses members until close; key_value: an object's "key": value pairs. */
static struct jnode *parse_container(struct parser *p, enum kind k, unsigned char close) {
  struct jnode *n = new_node(k);
  struct jnode **link = &n->child;
  p->at++;
  skip_space(p);
  if (p->s[p->at] == close) {
    p->at++;
    return n;
  }
  while (1) {
    struct jnode *key = NULL;
    if (k == J_OBJECT) {
      skip_space(p);
      if (p->s[p->at] != '"') {
        suite_fail("object key is not a string", p->at);
      }
      key = parse_string(p);
      expect(p, ':');
    }
    struct jnode *member = parse_value(p);
    member->key = key;
    *link = member;
    link = &member->next;
    skip_space(p);
    if (p->s[p->at] == ',') {
      p->at++;
    } else {
      expect(p, close);
      return n;
    }
  }
}

static struct jnode *parse_value(struct parser *p) {
  skip_space(p);
  unsigned char c = p->s[p->at];
  if (c == '{') {
    return parse_container(p, J_OBJECT, '}');
  }
  if (c == '[') {
    return parse_container(p, J_ARRAY, ']');
  }
  if (c == '"') {
    return parse_string(p);
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    return parse_number(p);
  }
  if (literal(p, "true")) {
    return new_node(J_TRUE);
  }
  if (literal(p, "false")) {
    return new_node(J_FALSE);
  }
  if (literal(p, "null")) {
    return new_node(J_NULL);
  }
  suite_fail("unexpected value", p->at);
}

/* ---- walking and writing back ---- */

static void total(const struct jnode *n, struct totals *t) {
  t->values++;
  if (n->kind == J_NUMBER) {
    t->milli_sum += n->milli;
  }
  for (const struct jnode *c = n->child; c != NULL; c = c->next) {
    total(c, t);
  }
}

static void out(unsigned char c) {
  rewritten[rewritten_len++] = c;
}

static void out_span(uint32_t at, uint32_t len) {
  memcpy(rewritten + rewritten_len, text + at, len);
  rewritten_len += len;
}

static void out_unsigned(uint32_t v, int width) {
  unsigned char digits[12];
  int n = 0;
  do {
    digits[n++] = (unsigned char)('0' + v % 10);
    v /= 10;
  } while (v != 0 || n < width);
  while (n > 0) {
    out(digits[--n]);
  }
}

static void write_value(const struct jnode *n) {
  switch (n->kind) {
    case J_NULL:
      memcpy(rewritten + rewritten_len, "null", 4);
      rewritten_len += 4;
      break;
    case J_TRUE:
      memcpy(rewritten + rewritten_len, "true", 4);
      rewritten_len += 4;
      break;
    case J_FALSE:
      memcpy(rewritten + rewritten_len, "false", 5);
      rewritten_len += 5;
      break;
    case J_NUMBER: {
      uint32_t magnitude = (uint32_t)(n->milli < 0 ? -n->milli : n->milli);
      if (n->milli < 0) {
        out('-');
      }
      out_unsigned(magnitude / 1000, 1);
      if (n->decimal) {
        out('.');
        out_unsigned(magnitude % 1000, 3);
      }
      break;
    }
    case J_STRING:
      out_span(n->at, n->len);
      break;
    default: {
      out(n->kind == J_OBJECT ? '{' : '[');
      for (const struct jnode *c = n->child; c != NULL; c = c->next) {
        if (c != n->child) {
          out(',');
        }
        if (c->key != NULL) {
          out_span(c->key->at, c->key->len);
          out(':');
        }
        write_value(c);
      }
      out(n->kind == J_OBJECT ? '}' : ']');
    }
  }
}

/* The generated text without white space outside strings. */
static void make_compact(void) {
  int in_string = 0;
  compact_len = 0;
  for (uint32_t i = 0; i < text_len; i++) {
    unsigned char c = text[i];
    if (in_string) {
      compact[compact_len++] = c;
      if (c == '\\') {
        compact[compact_len++] = text[++i];
      } else if (c == '"') {
        in_string = 0;
      }
    } else if (c != ' ' && c != '\n') {
      compact[compact_len++] = c;
      in_string = c == '"';
    }
  }
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  struct totals want = {0, 0};
  text_len = 0;
  put('[');
  for (int i = 0; text_len < TEXT_CAP * 3 / 4; i++) {
    if (i > 0) {
      put(',');
    }
    put_space(&rng);
    generate_value(&rng, 1, &want);
  }
  put(']');
  text[text_len] = '\0';
  want.values++; /* the outer array */

  nodes_used = 0;
  struct parser p = {text, 0};
  struct jnode *root = parse_value(&p);
  skip_space(&p);
  if (p.at != text_len) {
    suite_fail("text after the value", p.at);
  }
  struct totals got = {0, 0};
  total(root, &got);
  if (got.milli_sum != want.milli_sum || got.values != want.values) {
    suite_fail("the parsed numbers or values differ from the generated ones", got.values);
  }
  rewritten_len = 0;
  write_value(root);
  make_compact();
  if (rewritten_len != compact_len || memcmp(rewritten, compact, compact_len) != 0) {
    suite_fail("the tree written back differs from the text", rewritten_len);
  }
  return suite_mix(suite_mix((uint32_t)got.milli_sum, got.values), text_len);
}
