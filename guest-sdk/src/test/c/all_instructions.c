/*
 * all_instructions.c: calls every Denali instruction and counter read of denali.h, for
 * CGuestTest, which decodes the linked binary. It is built, never run: main only exits.
 */
#include <denali.h>
#include <stdlib.h>

/* Not static and not called: the compiler must emit it as it is. */
void every_instruction(uint64_t *t, char *buf) {
  volatile uint32_t sink = 0;
  sink += d_idle(5);
  sink += d_console_write(buf, 4);
  sink += d_clock_read(t);
  sink += d_net_send(buf, 8);
  sink += d_net_recv(buf, 8);
  sink += d_disk_read(1, buf);
  sink += d_disk_write(2, buf);
  sink += d_disk_flush();
  sink += denali_rdcycle() + denali_rdcycleh();
  sink += denali_rdtime() + denali_rdtimeh();
  sink += denali_rdinstret() + denali_rdinstreth();
  if (sink == 12345) {
    d_iret();
  }
  d_exit((int)sink);
}

int main(void) {
  return 0;
}
