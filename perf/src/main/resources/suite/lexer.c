/*
 * lexer.c: a tokenizer for a C-like language, written as an explicit state machine over the
 * characters of a generated text. Each repetition generates about 10 KiB of source (keywords,
 * identifiers, decimal and hexadecimal integers, decimals with exponents, strings with escapes,
 * one- to three-character operators, line and block comments, irregular white space) while
 * counting what it emits, then tokenizes it twice (once classifying keywords through a hashed
 * table, once through a linear search) and checks the token counts, the sum of the integer
 * values and the decoded string lengths against the generator's.
 */
#define SUITE_NAME "lexer"
#define SUITE_DEFAULT_ITERS 96
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] lexer.c */
#define SUITE_CHECK_ONE 0x8dcfbb31u
#define SUITE_CHECK_DEFAULT 0x68082148u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-lexer");

#define TEXT_CAP 13000
#define TOKENS 1400

enum token_kind { T_KEYWORD, T_IDENT, T_INT, T_DECIMAL, T_STRING, T_OPERATOR, T_COMMENT, T_KINDS };

struct tally {
  uint32_t count[T_KINDS];
  uint32_t int_sum;    /* integer values, wrapping */
  uint32_t string_len; /* decoded string characters */
  uint32_t lines;
};

static unsigned char text[TEXT_CAP];
static uint32_t text_len;

static const char *const keywords[] = {"if", "else", "while", "for", "return", "int", "char",
    "struct", "static", "const", "break", "continue", "switch", "case", "default", "void"};
#define KEYWORD_COUNT (sizeof keywords / sizeof keywords[0])
static const char *const operators[] = {"+", "-", "*", "/", "%", "=", "<", ">", "!", "&", "|",
    "^", "~", "?", ":", ";", ",", ".", "(", ")", "[", "]", "{", "}", "==", "!=", "<=", ">=",
    "&&", "||", "->", "++", "--", "+=", "-=", "<<", ">>", "<<=", ">>="};
#define OPERATOR_COUNT (sizeof operators / sizeof operators[0])

/* ---- the generator ---- */

static void emit(const char *s) {
  while (*s != '\0' && text_len < TEXT_CAP - 1) {
    text[text_len++] = (unsigned char)*s++;
  }
}

static void emit_char(unsigned char c) {
  if (text_len < TEXT_CAP - 1) {
    text[text_len++] = c;
  }
}

/* Writes v in decimal (or hexadecimal); returns the value as the lexer will read it. */
static uint32_t emit_number(uint32_t v, int hex) {
  char digits[12];
  int n = 0;
  uint32_t base = hex ? 16 : 10;
  uint32_t x = v;
  do {
    digits[n++] = "0123456789abcdef"[x % base];
    x /= base;
  } while (x != 0);
  if (hex) {
    emit("0x");
  }
  while (n > 0) {
    emit_char((unsigned char)digits[--n]);
  }
  return v;
}

static void emit_separator(uint32_t *rng, struct tally *t) {
  uint32_t r = suite_below(rng, 16);
  if (r < 10) {
    emit_char(' ');
  } else if (r < 13) {
    emit_char('\n');
    t->lines++;
  } else if (r < 15) {
    emit("\t ");
  } else {
    emit(" \n  ");
    t->lines++;
  }
}

static void generate(uint32_t *rng, struct tally *t) {
  memset(t, 0, sizeof *t);
  text_len = 0;
  for (int i = 0; i < TOKENS; i++) {
    uint32_t r = suite_below(rng, 100);
    if (r < 14) {
      emit(keywords[suite_below(rng, KEYWORD_COUNT)]);
      t->count[T_KEYWORD]++;
    } else if (r < 34) { /* identifiers always hold a '_' or a digit: never a keyword */
      uint32_t len = 1 + suite_below(rng, 7);
      for (uint32_t j = 0; j < len; j++) {
        emit_char((unsigned char)("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"[suite_below(rng, 36)]));
      }
      emit_char(suite_below(rng, 2) ? '_' : (unsigned char)('0' + suite_below(rng, 10)));
      t->count[T_IDENT]++;
    } else if (r < 46) {
      t->int_sum += emit_number(suite_next(rng) >> suite_below(rng, 32), r < 40);
      t->count[T_INT]++;
    } else if (r < 50) {
      emit_number(suite_below(rng, 1000), 0);
      emit_char('.');
      emit_number(suite_below(rng, 100000), 0);
      if (r & 1) {
        emit(suite_below(rng, 2) ? "e-" : "E+");
        emit_number(suite_below(rng, 40), 0);
      }
      t->count[T_DECIMAL]++;
    } else if (r < 58) {
      emit_char('"');
      uint32_t len = suite_below(rng, 14);
      for (uint32_t j = 0; j < len; j++) {
        uint32_t c = suite_below(rng, 20);
        if (c == 0) {
          emit("\\n");
        } else if (c == 1) {
          emit("\\\"");
        } else if (c == 2) {
          emit("\\\\");
        } else {
          emit_char((unsigned char)("hello world, lexer! " [c]));
        }
      }
      emit_char('"');
      t->string_len += len;
      t->count[T_STRING]++;
    } else if (r < 96) {
      emit(operators[suite_below(rng, OPERATOR_COUNT)]);
      t->count[T_OPERATOR]++;
    } else if (r < 98) {
      emit("// a comment: with \"quotes\" and /* no block */");
      emit_char('\n');
      t->lines++;
      t->count[T_COMMENT]++;
      continue;
    } else {
      emit("/* block ** comment\n * spanning lines */");
      t->lines++;
      t->count[T_COMMENT]++;
    }
    emit_separator(rng, t);
  }
  text[text_len] = '\0';
}

/* ---- the lexer ---- */

enum char_class { C_OTHER, C_SPACE, C_NEWLINE, C_LETTER, C_DIGIT, C_QUOTE, C_SLASH, C_STAR,
    C_DOT, C_PUNCT };

static unsigned char classes[256];

static void init_classes(void) {
  for (int c = 0; c < 256; c++) {
    unsigned char k = C_OTHER;
    if (c == ' ' || c == '\t' || c == '\r') {
      k = C_SPACE;
    } else if (c == '\n') {
      k = C_NEWLINE;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      k = C_LETTER;
    } else if (c >= '0' && c <= '9') {
      k = C_DIGIT;
    } else if (c == '"') {
      k = C_QUOTE;
    } else if (c == '/') {
      k = C_SLASH;
    } else if (c == '*') {
      k = C_STAR;
    } else if (c == '.') {
      k = C_DOT;
    } else if (c != 0 && strchr("+-%=<>!&|^~?:;,()[]{}", c) != NULL) {
      k = C_PUNCT;
    }
    classes[c] = k;
  }
}

typedef int (*keyword_lookup)(const unsigned char *s, uint32_t len);

static int keyword_linear(const unsigned char *s, uint32_t len) {
  for (uint32_t k = 0; k < KEYWORD_COUNT; k++) {
    const char *w = keywords[k];
    uint32_t i = 0;
    while (i < len && w[i] != '\0' && (unsigned char)w[i] == s[i]) {
      i++;
    }
    if (i == len && w[i] == '\0') {
      return 1;
    }
  }
  return 0;
}

#define KEYWORD_SLOTS 64
static const char *keyword_table[KEYWORD_SLOTS];

static uint32_t word_hash(const unsigned char *s, uint32_t len) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < len; i++) {
    h = (h ^ s[i]) * 16777619u;
  }
  return h;
}

static void init_keyword_table(void) {
  memset(keyword_table, 0, sizeof keyword_table);
  for (uint32_t k = 0; k < KEYWORD_COUNT; k++) {
    const char *w = keywords[k];
    uint32_t slot = word_hash((const unsigned char *)w, (uint32_t)strlen(w)) % KEYWORD_SLOTS;
    while (keyword_table[slot] != NULL) {
      slot = (slot + 1) % KEYWORD_SLOTS;
    }
    keyword_table[slot] = w;
  }
}

static int keyword_hashed(const unsigned char *s, uint32_t len) {
  uint32_t slot = word_hash(s, len) % KEYWORD_SLOTS;
  while (keyword_table[slot] != NULL) {
    const char *w = keyword_table[slot];
    if (strlen(w) == len && memcmp(w, s, len) == 0) {
      return 1;
    }
    slot = (slot + 1) % KEYWORD_SLOTS;
  }
  return 0;
}

/* Longest operator at p: 3, 2 or 1 characters. */
static uint32_t operator_length(const unsigned char *p) {
  if ((p[0] == '<' || p[0] == '>') && p[1] == p[0] && p[2] == '=') {
    return 3;
  }
  static const char pairs[] = "==!=<=>=&&||->++--+=-=<<>>";
  for (int i = 0; pairs[i] != '\0'; i += 2) {
    if (p[0] == (unsigned char)pairs[i] && p[1] == (unsigned char)pairs[i + 1]) {
      return 2;
    }
  }
  return 1;
}

enum state { S_START, S_WORD, S_NUMBER, S_HEX, S_FRACTION, S_EXPONENT_SIGN, S_EXPONENT,
    S_STRING, S_ESCAPE, S_SLASH, S_LINE_COMMENT, S_BLOCK_COMMENT, S_BLOCK_STAR };

/* Tokenizes text; fills t; returns a hash of the token stream (kinds and lengths). */
static uint32_t tokenize(keyword_lookup is_keyword, struct tally *t) {
  memset(t, 0, sizeof *t);
  enum state state = S_START;
  uint32_t start = 0;
  uint32_t value = 0;
  uint32_t h = 0;
  uint32_t i = 0;
  while (i <= text_len) {
    unsigned char c = text[i]; /* text[text_len] is the NUL that ends the last token */
    unsigned char k = classes[c];
    switch (state) {
      case S_START:
        start = i;
        if (c == '\0') {
          i++;
        } else if (k == C_SPACE) {
          i++;
        } else if (k == C_NEWLINE) {
          t->lines++;
          i++;
        } else if (k == C_LETTER) {
          state = S_WORD;
          i++;
        } else if (k == C_DIGIT) {
          if (c == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            state = S_HEX;
            value = 0;
            i += 2;
          } else {
            state = S_NUMBER;
            value = 0;
          }
        } else if (k == C_QUOTE) {
          state = S_STRING;
          i++;
        } else if (k == C_SLASH) {
          state = S_SLASH;
          i++;
        } else if (k == C_PUNCT || k == C_STAR || k == C_DOT) {
          uint32_t n = operator_length(&text[i]);
          t->count[T_OPERATOR]++;
          h = suite_mix(h, T_OPERATOR * 256u + n * 16u + c);
          i += n;
        } else {
          suite_fail("unexpected character", c);
        }
        break;
      case S_WORD:
        if (k == C_LETTER || k == C_DIGIT) {
          i++;
        } else {
          enum token_kind kind = is_keyword(&text[start], i - start) ? T_KEYWORD : T_IDENT;
          t->count[kind]++;
          h = suite_mix(h, kind * 256u + (i - start));
          state = S_START;
        }
        break;
      case S_NUMBER:
        if (k == C_DIGIT) {
          value = value * 10 + (uint32_t)(c - '0');
          i++;
        } else if (k == C_DOT) {
          state = S_FRACTION;
          i++;
        } else {
          t->count[T_INT]++;
          t->int_sum += value;
          h = suite_mix(h, value);
          state = S_START;
        }
        break;
      case S_HEX:
        if (k == C_DIGIT || (c >= 'a' && c <= 'f')) {
          value = value * 16 + (uint32_t)(k == C_DIGIT ? c - '0' : c - 'a' + 10);
          i++;
        } else {
          t->count[T_INT]++;
          t->int_sum += value;
          h = suite_mix(h, value);
          state = S_START;
        }
        break;
      case S_FRACTION:
        if (k == C_DIGIT) {
          i++;
        } else if (c == 'e' || c == 'E') {
          state = S_EXPONENT_SIGN;
          i++;
        } else {
          t->count[T_DECIMAL]++;
          h = suite_mix(h, T_DECIMAL * 256u + (i - start));
          state = S_START;
        }
        break;
      case S_EXPONENT_SIGN:
        if (c == '+' || c == '-') {
          i++;
        }
        state = S_EXPONENT;
        break;
      case S_EXPONENT:
        if (k == C_DIGIT) {
          i++;
        } else {
          t->count[T_DECIMAL]++;
          h = suite_mix(h, T_DECIMAL * 256u + (i - start));
          state = S_START;
        }
        break;
      case S_STRING:
        if (c == '\0') {
          suite_fail("unterminated string", start);
        }
        i++;
        if (c == '\\') {
          state = S_ESCAPE;
        } else if (c == '"') {
          t->count[T_STRING]++;
          h = suite_mix(h, T_STRING * 256u + (i - start));
          state = S_START;
        } else {
          t->string_len++;
        }
        break;
      case S_ESCAPE:
        i++;
        t->string_len++;
        state = S_STRING;
        break;
      case S_SLASH:
        if (c == '/') {
          state = S_LINE_COMMENT;
          i++;
        } else if (c == '*') {
          state = S_BLOCK_COMMENT;
          i++;
        } else {
          uint32_t n = c == '=' ? 2 : 1;
          t->count[T_OPERATOR]++;
          h = suite_mix(h, T_OPERATOR * 256u + n * 16u + '/');
          i += n - 1;
          state = S_START;
        }
        break;
      case S_LINE_COMMENT:
        if (c == '\n' || c == '\0') {
          t->count[T_COMMENT]++;
          state = S_START;
        } else {
          i++;
        }
        break;
      case S_BLOCK_COMMENT:
        if (c == '\0') {
          suite_fail("unterminated comment", start);
        }
        if (c == '\n') {
          t->lines++;
        }
        state = c == '*' ? S_BLOCK_STAR : S_BLOCK_COMMENT;
        i++;
        break;
      case S_BLOCK_STAR:
        if (c == '/') {
          t->count[T_COMMENT]++;
          state = S_START;
          i++;
        } else if (c == '*') {
          i++;
        } else {
          state = S_BLOCK_COMMENT;
        }
        break;
    }
  }
  return h;
}

static void compare(const struct tally *want, const struct tally *got, const char *how) {
  for (int k = 0; k < T_KINDS; k++) {
    if (want->count[k] != got->count[k]) {
      suite_fail(how, (uint32_t)k * 65536u + got->count[k]);
    }
  }
  if (want->int_sum != got->int_sum || want->string_len != got->string_len
      || want->lines != got->lines) {
    suite_fail(how, got->int_sum ^ got->string_len ^ got->lines);
  }
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  struct tally made;
  struct tally hashed;
  struct tally linear;
  init_classes();
  init_keyword_table();
  generate(&rng, &made);
  uint32_t h1 = tokenize(keyword_hashed, &hashed);
  uint32_t h2 = tokenize(keyword_linear, &linear);
  compare(&made, &hashed, "hashed keywords: the counts differ from the generator's");
  compare(&made, &linear, "linear keywords: the counts differ from the generator's");
  if (h1 != h2) {
    suite_fail("the two keyword lookups tokenize differently", h1 ^ h2);
  }
  return suite_mix(h1, text_len);
}
