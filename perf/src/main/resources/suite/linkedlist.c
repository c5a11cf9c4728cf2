/*
 * linkedlist.c: a doubly linked list driven through many small functions and function
 * pointers. Each repetition builds a 400-node list from a node pool (push at both ends, sorted
 * inserts through a comparator), searches it with predicates, removes the nodes a predicate
 * selects, merge-sorts it by two comparators, reverses and rotates it, and checks its shape
 * (links, order, length) after every step with visitors.
 */
#define SUITE_NAME "linkedlist"
#define SUITE_DEFAULT_ITERS 128
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] linkedlist.c */
#define SUITE_CHECK_ONE 0x083ce4dfu
#define SUITE_CHECK_DEFAULT 0x48b5e785u
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-linkedlist");

#define POOL_SIZE 400

struct lnode {
  struct lnode *prev;
  struct lnode *next;
  uint32_t key;
  uint32_t value;
};

/* A circular list with a sentinel: empty when head.next == &head. */
struct list {
  struct lnode head;
  uint32_t length;
};

typedef int32_t (*comparator)(const struct lnode *, const struct lnode *);
typedef int (*predicate)(const struct lnode *, uint32_t arg);
typedef void (*visitor)(const struct lnode *, void *ctx);

static struct lnode pool[POOL_SIZE];
static struct lnode *free_nodes;

/* ---- the pool ---- */

static void pool_reset(void) {
  free_nodes = NULL;
  for (int i = POOL_SIZE - 1; i >= 0; i--) {
    pool[i].next = free_nodes;
    free_nodes = &pool[i];
  }
}

static struct lnode *node_new(uint32_t key, uint32_t value) {
  struct lnode *n = free_nodes;
  if (n == NULL) {
    suite_fail("node pool exhausted", POOL_SIZE);
  }
  free_nodes = n->next;
  n->prev = n->next = NULL;
  n->key = key;
  n->value = value;
  return n;
}

static void node_free(struct lnode *n) {
  n->next = free_nodes;
  free_nodes = n;
}

/* ---- the list ---- */

static void list_init(struct list *l) {
  l->head.prev = l->head.next = &l->head;
  l->length = 0;
}

static int list_is_end(const struct list *l, const struct lnode *n) {
  return n == &l->head;
}

static void link_after(struct list *l, struct lnode *at, struct lnode *n) {
  n->prev = at;
  n->next = at->next;
  at->next->prev = n;
  at->next = n;
  l->length++;
}

static void unlink_node(struct list *l, struct lnode *n) {
  n->prev->next = n->next;
  n->next->prev = n->prev;
  n->prev = n->next = NULL;
  l->length--;
}

static void push_front(struct list *l, struct lnode *n) {
  link_after(l, &l->head, n);
}

static void push_back(struct list *l, struct lnode *n) {
  link_after(l, l->head.prev, n);
}

static struct lnode *pop_front(struct list *l) {
  struct lnode *n = l->head.next;
  if (list_is_end(l, n)) {
    return NULL;
  }
  unlink_node(l, n);
  return n;
}

/* Inserts n before the first node that compares greater (stable for equal nodes). */
static void insert_sorted(struct list *l, struct lnode *n, comparator cmp) {
  struct lnode *at = l->head.prev;
  while (!list_is_end(l, at) && cmp(at, n) > 0) {
    at = at->prev;
  }
  link_after(l, at, n);
}

static struct lnode *find_first(const struct list *l, predicate p, uint32_t arg) {
  for (struct lnode *n = l->head.next; !list_is_end(l, n); n = n->next) {
    if (p(n, arg)) {
      return n;
    }
  }
  return NULL;
}

static uint32_t remove_if(struct list *l, predicate p, uint32_t arg) {
  uint32_t removed = 0;
  struct lnode *n = l->head.next;
  while (!list_is_end(l, n)) {
    struct lnode *next = n->next;
    if (p(n, arg)) {
      unlink_node(l, n);
      node_free(n);
      removed++;
    }
    n = next;
  }
  return removed;
}

static void for_each(const struct list *l, visitor v, void *ctx) {
  for (struct lnode *n = l->head.next; !list_is_end(l, n); n = n->next) {
    v(n, ctx);
  }
}

static void reverse(struct list *l) {
  struct lnode *n = &l->head;
  do {
    struct lnode *t = n->next;
    n->next = n->prev;
    n->prev = t;
    n = t;
  } while (n != &l->head);
}

/* Moves the first k nodes to the back. */
static void rotate(struct list *l, uint32_t k) {
  for (uint32_t i = 0; i < k; i++) {
    struct lnode *n = pop_front(l);
    if (n == NULL) {
      return;
    }
    push_back(l, n);
  }
}

/* ---- merge sort on the next links, then the prev links rebuilt ---- */

static struct lnode *merge(struct lnode *a, struct lnode *b, comparator cmp) {
  struct lnode first;
  struct lnode *tail = &first;
  while (a != NULL && b != NULL) {
    if (cmp(a, b) <= 0) {
      tail->next = a;
      a = a->next;
    } else {
      tail->next = b;
      b = b->next;
    }
    tail = tail->next;
  }
  tail->next = a != NULL ? a : b;
  return first.next;
}

static struct lnode *merge_sort(struct lnode *chain, uint32_t length, comparator cmp) {
  if (length < 2) {
    if (chain != NULL) {
      chain->next = NULL;
    }
    return chain;
  }
  uint32_t half = length / 2;
  struct lnode *second = chain;
  for (uint32_t i = 0; i < half; i++) {
    second = second->next;
  }
  struct lnode *left = merge_sort(chain, half, cmp);
  struct lnode *right = merge_sort(second, length - half, cmp);
  return merge(left, right, cmp);
}

static void sort(struct list *l, comparator cmp) {
  if (l->length < 2) {
    return;
  }
  struct lnode *chain = merge_sort(l->head.next, l->length, cmp);
  struct lnode *prev = &l->head;
  for (struct lnode *n = chain; n != NULL; n = n->next) {
    n->prev = prev;
    prev->next = n;
    prev = n;
  }
  prev->next = &l->head;
  l->head.prev = prev;
}

/* ---- comparators, predicates, visitors ---- */

static int32_t by_key(const struct lnode *a, const struct lnode *b) {
  return (a->key > b->key) - (a->key < b->key);
}

static int32_t by_value(const struct lnode *a, const struct lnode *b) {
  return (a->value > b->value) - (a->value < b->value);
}

static int32_t by_value_descending(const struct lnode *a, const struct lnode *b) {
  return by_value(b, a);
}

static int value_is(const struct lnode *n, uint32_t value) {
  return n->value == value;
}

static int key_divisible_by(const struct lnode *n, uint32_t d) {
  return n->key % d == 0;
}

static int value_above(const struct lnode *n, uint32_t limit) {
  return n->value > limit;
}

struct order_check {
  const struct lnode *previous;
  comparator cmp;
  uint32_t count;
  uint32_t violations;
};

static void check_order(const struct lnode *n, void *ctx) {
  struct order_check *c = ctx;
  if (c->previous != NULL && c->cmp(c->previous, n) > 0) {
    c->violations++;
  }
  if (n->prev->next != n || n->next->prev != n) {
    c->violations++;
  }
  c->previous = n;
  c->count++;
}

static void hash_visit(const struct lnode *n, void *ctx) {
  uint32_t *h = ctx;
  *h = suite_mix(*h, n->key ^ (n->value << 7));
}

static void sum_visit(const struct lnode *n, void *ctx) {
  uint32_t *sum = ctx;
  *sum += n->value;
}

/* Checks links, length and (when cmp is not NULL) order; returns a hash of the contents. */
static uint32_t verify(const struct list *l, comparator cmp, const char *step) {
  struct order_check c = {NULL, cmp != NULL ? cmp : by_key, 0, 0};
  if (cmp != NULL) {
    for_each(l, check_order, &c);
  } else {
    c.cmp = NULL;
    for (struct lnode *n = l->head.next; !list_is_end(l, n); n = n->next) {
      if (n->prev->next != n || n->next->prev != n) {
        c.violations++;
      }
      c.count++;
    }
  }
  if (c.violations != 0 || c.count != l->length) {
    suite_fail(step, c.violations * 65536u + c.count);
  }
  uint32_t h = l->length;
  for_each(l, hash_visit, &h);
  return h;
}

static uint32_t run_once(uint32_t seed) {
  uint32_t rng = suite_state(seed);
  struct list l;
  uint32_t h = 0;
  pool_reset();
  list_init(&l);
  for (uint32_t i = 0; i < POOL_SIZE / 2; i++) {
    struct lnode *n = node_new(i, suite_next(&rng) & 0xFFFFu);
    if (i & 1) {
      push_back(&l, n);
    } else {
      push_front(&l, n);
    }
  }
  h = suite_mix(h, verify(&l, NULL, "build"));
  sort(&l, by_value);
  for (uint32_t i = POOL_SIZE / 2; i < POOL_SIZE; i++) {
    insert_sorted(&l, node_new(i, suite_next(&rng) & 0xFFFFu), by_value);
  }
  h = suite_mix(h, verify(&l, by_value, "insert sorted"));

  for (int round = 0; round < 24; round++) {
    uint32_t probe = suite_next(&rng) & 0xFFFFu;
    struct lnode *hit = find_first(&l, value_is, probe);
    h = suite_mix(h, hit != NULL ? hit->key : 0xFFFFFFFFu);
    struct lnode *big = find_first(&l, value_above, probe);
    h = suite_mix(h, big != NULL ? big->value : 0);
  }

  uint32_t removed = remove_if(&l, key_divisible_by, 3 + (suite_next(&rng) & 3));
  h = suite_mix(h, removed);
  h = suite_mix(h, verify(&l, by_value, "remove"));

  sort(&l, by_key);
  h = suite_mix(h, verify(&l, by_key, "sort by key"));
  reverse(&l);
  sort(&l, by_value_descending);
  h = suite_mix(h, verify(&l, by_value_descending, "sort descending"));
  reverse(&l);
  h = suite_mix(h, verify(&l, by_value, "reverse"));
  rotate(&l, l.length / 3);
  h = suite_mix(h, verify(&l, NULL, "rotate"));

  uint32_t sum = 0;
  for_each(&l, sum_visit, &sum);
  h = suite_mix(h, sum);
  while (l.length > 0) {
    node_free(pop_front(&l));
  }
  return h;
}
