/*
 * bintree.c: unbalanced binary search trees, recursive, through comparators and visitors.
 * Each repetition inserts 700 records into two trees at once (one ordered by a number, one by
 * an 8-letter name, so the same records are reached through two comparators), looks up
 * present and absent keys, deletes a third of the records from both trees (leaf, one-child and
 * two-child cases), and walks the trees in order, pre-order and post-order with visitors,
 * checking the search-tree property, sizes and heights.
 */
#define SUITE_NAME "bintree"
#define SUITE_DEFAULT_ITERS 40
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] bintree.c */
#define SUITE_CHECK_ONE 0x2ce431b6u
#define SUITE_CHECK_DEFAULT 0x8b258725u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-bintree");

#define RECORDS 700
#define NAME_LEN 8

struct record {
  uint32_t number;
  unsigned char name[NAME_LEN];
  uint32_t payload;
};

struct tnode {
  struct tnode *left;
  struct tnode *right;
  struct record *rec;
};

typedef int32_t (*record_compare)(const struct record *, const struct record *);
typedef void (*tree_visitor)(const struct tnode *, uint32_t depth, void *ctx);

struct tree {
  struct tnode *root;
  record_compare cmp;
  uint32_t size;
};

static struct record records[RECORDS];
static struct tnode node_pool[2 * RECORDS];
static struct tnode *free_list;

static void pool_reset(void) {
  free_list = NULL;
  for (int i = 2 * RECORDS - 1; i >= 0; i--) {
    node_pool[i].left = free_list;
    free_list = &node_pool[i];
  }
}

static struct tnode *node_alloc(struct record *rec) {
  struct tnode *n = free_list;
  if (n == NULL) {
    suite_fail("tree node pool exhausted", 2 * RECORDS);
  }
  free_list = n->left;
  n->left = n->right = NULL;
  n->rec = rec;
  return n;
}

static void node_release(struct tnode *n) {
  n->left = free_list;
  n->right = NULL;
  free_list = n;
}

/* ---- comparators ---- */

static int32_t by_number(const struct record *a, const struct record *b) {
  return (a->number > b->number) - (a->number < b->number);
}

static int32_t by_name(const struct record *a, const struct record *b) {
  for (int i = 0; i < NAME_LEN; i++) {
    if (a->name[i] != b->name[i]) {
      return (int32_t)a->name[i] - (int32_t)b->name[i];
    }
  }
  return by_number(a, b); /* names may repeat: the number breaks the tie */
}

/* ---- the tree ---- */

static void tree_init(struct tree *t, record_compare cmp) {
  t->root = NULL;
  t->cmp = cmp;
  t->size = 0;
}

/* Inserts rec; returns 0 when an equal record is already there. */
static int tree_insert(struct tree *t, struct record *rec) {
  struct tnode **link = &t->root;
  while (*link != NULL) {
    int32_t c = t->cmp(rec, (*link)->rec);
    if (c == 0) {
      return 0;
    }
    link = c < 0 ? &(*link)->left : &(*link)->right;
  }
  *link = node_alloc(rec);
  t->size++;
  return 1;
}

static struct tnode *find_node(struct tnode *n, const struct record *key, record_compare cmp) {
  if (n == NULL) {
    return NULL;
  }
  int32_t c = cmp(key, n->rec);
  if (c == 0) {
    return n;
  }
  return find_node(c < 0 ? n->left : n->right, key, cmp);
}

static struct record *tree_find(const struct tree *t, const struct record *key) {
  struct tnode *n = find_node(t->root, key, t->cmp);
  return n != NULL ? n->rec : NULL;
}

static struct tnode *detach_min(struct tnode **link) {
  while ((*link)->left != NULL) {
    link = &(*link)->left;
  }
  struct tnode *min = *link;
  *link = min->right;
  return min;
}

/* Deletes the record equal to key from the subtree at *link; returns 1 if there was one. */
static int delete_at(struct tnode **link, const struct record *key, record_compare cmp) {
  struct tnode *n = *link;
  if (n == NULL) {
    return 0;
  }
  int32_t c = cmp(key, n->rec);
  if (c < 0) {
    return delete_at(&n->left, key, cmp);
  }
  if (c > 0) {
    return delete_at(&n->right, key, cmp);
  }
  if (n->left == NULL) {
    *link = n->right;
  } else if (n->right == NULL) {
    *link = n->left;
  } else {
    struct tnode *successor = detach_min(&n->right);
    successor->left = n->left;
    successor->right = n->right;
    *link = successor;
  }
  node_release(n);
  return 1;
}

static int tree_delete(struct tree *t, const struct record *key) {
  int found = delete_at(&t->root, key, t->cmp);
  t->size -= (uint32_t)found;
  return found;
}

static void walk_in_order(const struct tnode *n, uint32_t depth, tree_visitor v, void *ctx) {
  if (n != NULL) {
    walk_in_order(n->left, depth + 1, v, ctx);
    v(n, depth, ctx);
    walk_in_order(n->right, depth + 1, v, ctx);
  }
}

static void walk_pre_order(const struct tnode *n, uint32_t depth, tree_visitor v, void *ctx) {
  if (n != NULL) {
    v(n, depth, ctx);
    walk_pre_order(n->left, depth + 1, v, ctx);
    walk_pre_order(n->right, depth + 1, v, ctx);
  }
}

static void walk_post_order(const struct tnode *n, uint32_t depth, tree_visitor v, void *ctx) {
  if (n != NULL) {
    walk_post_order(n->left, depth + 1, v, ctx);
    walk_post_order(n->right, depth + 1, v, ctx);
    v(n, depth, ctx);
  }
}

static uint32_t height(const struct tnode *n) {
  if (n == NULL) {
    return 0;
  }
  uint32_t l = height(n->left);
  uint32_t r = height(n->right);
  return 1 + (l > r ? l : r);
}

/* ---- visitors ---- */

struct order_state {
  record_compare cmp;
  const struct record *previous;
  uint32_t count;
  uint32_t bad;
};

static void check_in_order(const struct tnode *n, uint32_t depth, void *ctx) {
  struct order_state *s = ctx;
  (void)depth;
  if (s->previous != NULL && s->cmp(s->previous, n->rec) >= 0) {
    s->bad++;
  }
  s->previous = n->rec;
  s->count++;
}

static void hash_with_depth(const struct tnode *n, uint32_t depth, void *ctx) {
  uint32_t *h = ctx;
  *h = suite_mix(*h, n->rec->number + (depth << 24));
}

static void sum_payload(const struct tnode *n, uint32_t depth, void *ctx) {
  uint32_t *sum = ctx;
  (void)depth;
  *sum += n->rec->payload;
}

/* Checks order and size; returns a hash of the shape (pre-order keys with depths). */
static uint32_t verify(const struct tree *t, const char *what) {
  struct order_state s = {t->cmp, NULL, 0, 0};
  walk_in_order(t->root, 0, check_in_order, &s);
  if (s.bad != 0 || s.count != t->size) {
    suite_fail(what, s.bad * 65536u + s.count);
  }
  uint32_t h = height(t->root);
  walk_pre_order(t->root, 0, hash_with_depth, &h);
  return h;
}

static void make_records(uint32_t *rng) {
  for (uint32_t i = 0; i < RECORDS; i++) {
    struct record *r = &records[i];
    r->number = suite_next(rng);
    for (int j = 0; j < NAME_LEN; j++) {
      r->name[j] = (unsigned char)('a' + suite_below(rng, j < 2 ? 4 : 26));
    }
    r->payload = i;
  }
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  struct tree numbers;
  struct tree names;
  uint32_t h = 0;
  pool_reset();
  make_records(&rng);
  tree_init(&numbers, by_number);
  tree_init(&names, by_name);
  for (uint32_t i = 0; i < RECORDS; i++) {
    h += (uint32_t)tree_insert(&numbers, &records[i]);
    h += (uint32_t)tree_insert(&names, &records[i]);
  }
  h = suite_mix(h, verify(&numbers, "insert (numbers)"));
  h = suite_mix(h, verify(&names, "insert (names)"));

  struct record probe;
  for (uint32_t i = 0; i < RECORDS; i++) {
    const struct record *want = &records[suite_below(&rng, RECORDS)];
    if (tree_find(&numbers, want) != want || tree_find(&names, want) != want) {
      suite_fail("a present record is not found", want->payload);
    }
    probe = *want;
    probe.number ^= 0x80000001u; /* almost surely absent */
    struct record *found = tree_find(&numbers, &probe);
    h = suite_mix(h, found != NULL ? found->payload : 0xFFFFu);
  }

  uint32_t deleted = 0;
  for (uint32_t i = 0; i < RECORDS; i += 3) {
    const struct record *victim = &records[(i * 7 + 1) % RECORDS];
    int a = tree_delete(&numbers, victim);
    int b = tree_delete(&names, victim);
    if (a != b) {
      suite_fail("the trees disagree on a deletion", victim->payload);
    }
    deleted += (uint32_t)a;
    if (tree_find(&numbers, victim) != NULL) {
      suite_fail("a deleted record is still found", victim->payload);
    }
  }
  h = suite_mix(h, deleted);
  h = suite_mix(h, verify(&numbers, "delete (numbers)"));
  h = suite_mix(h, verify(&names, "delete (names)"));

  uint32_t sum_numbers = 0;
  uint32_t sum_names = 0;
  walk_post_order(numbers.root, 0, sum_payload, &sum_numbers);
  walk_in_order(names.root, 0, sum_payload, &sum_names);
  if (sum_numbers != sum_names) {
    suite_fail("the trees hold different records", sum_numbers ^ sum_names);
  }
  return suite_mix(h, sum_numbers);
}
