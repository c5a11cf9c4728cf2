/* status.c: main's result is the exit status, and exit flushes what stdout still holds. */
#include <stdio.h>

int main(void) {
  printf("unflushed line %s", "without a newline");
  return 42;
}
