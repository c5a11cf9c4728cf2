/*
 * net.c: the receive loop and flow table of net.h (ISA manual, "Network messages",
 * "d.net.send", "d.net.recv", "d.idle").
 *
 * Compiled into every C guest, so it keeps no large static data: the flow table, the input
 * buffers and the message buffers come from malloc when first needed.
 */
#include <denali.h>
#include <net.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_FLOWS 16
#define DEFAULT_BUFFER 8192

static denali_flow *flows;     /* the table, max_flows slots */
static uint32_t flow_slots;
static uint32_t open_count;
static uint32_t refused_count;
static uint8_t *send_buf;      /* one message being sent, NET_MTU bytes */
static uint32_t mtu;           /* NET_MTU, read once */

static void put_header(uint8_t *m, uint32_t kind, uint32_t flow_id) {
  m[0] = (uint8_t)kind;
  m[1] = m[2] = m[3] = 0;
  m[4] = (uint8_t)flow_id;
  m[5] = (uint8_t)(flow_id >> 8);
  m[6] = (uint8_t)(flow_id >> 16);
  m[7] = (uint8_t)(flow_id >> 24);
}

/* Sends one message, yielding while the transmit queue is full. */
static int send_message(const uint8_t *m, uint32_t len) {
  for (;;) {
    int32_t r = d_net_send(m, len);
    if (r != -DENALI_EAGAIN) {
      return r;
    }
    d_idle(0);
  }
}

static int ensure_send_buffer(void) {
  if (mtu == 0) {
    mtu = DENALI_VREGS->net_mtu;
    if (mtu == 0) {
      return -DENALI_ENODEV;
    }
    if (mtu > DENALI_NET_MTU) {
      mtu = DENALI_NET_MTU;
    }
  }
  if (send_buf == NULL) {
    send_buf = malloc(mtu);
    if (send_buf == NULL) {
      return -DENALI_ENOSPC;
    }
  }
  return 0;
}

int denali_net_send_data(uint32_t flow_id, const void *data, size_t len) {
  int r = ensure_send_buffer();
  if (r < 0) {
    return r;
  }
  const uint8_t *p = data;
  uint32_t max = mtu - DENALI_NET_HEADER_BYTES;
  while (len > 0) {
    uint32_t n = len < max ? (uint32_t)len : max;
    put_header(send_buf, DENALI_NET_DATA, flow_id);
    memcpy(send_buf + DENALI_NET_HEADER_BYTES, p, n);
    r = send_message(send_buf, n + DENALI_NET_HEADER_BYTES);
    if (r < 0) {
      return r;
    }
    p += n;
    len -= n;
  }
  return 0;
}

int denali_net_send_close(uint32_t flow_id) {
  uint8_t m[DENALI_NET_HEADER_BYTES];
  put_header(m, DENALI_NET_CLOSE, flow_id);
  return send_message(m, sizeof m);
}

int denali_flow_send(denali_flow *flow, const void *data, size_t len) {
  return denali_net_send_data(flow->id, data, len);
}

static void release(denali_flow *flow) {
  if (flow->open) {
    flow->open = 0;
    flow->len = 0;
    flow->user = NULL;
    open_count--;
  }
}

int denali_flow_close(denali_flow *flow) {
  int r = denali_net_send_close(flow->id);
  release(flow);
  return r;
}

void denali_flow_consume(denali_flow *flow, uint32_t n) {
  if (n >= flow->len) {
    flow->len = 0;
    return;
  }
  memmove(flow->in, flow->in + n, flow->len - n);
  flow->len -= n;
}

uint32_t denali_net_open_flows(void) { return open_count; }
uint32_t denali_net_refused_flows(void) { return refused_count; }

static denali_flow *find(uint32_t id) {
  for (uint32_t i = 0; i < flow_slots; i++) {
    if (flows[i].open && flows[i].id == id) {
      return &flows[i];
    }
  }
  return NULL;
}

static void on_open(const denali_net_config *c, uint32_t id) {
  if (find(id) != NULL) {
    return; /* a repeated OPEN: ignore it */
  }
  for (uint32_t i = 0; i < flow_slots; i++) {
    denali_flow *f = &flows[i];
    if (!f->open) {
      f->open = 1;
      f->id = id;
      f->len = 0;
      f->user = NULL;
      open_count++;
      if (c->on_open) {
        c->on_open(f, c->ctx);
      }
      return;
    }
  }
  refused_count++;
  if (c->refuse_message) {
    denali_net_send_data(id, c->refuse_message, strlen(c->refuse_message));
  }
  denali_net_send_close(id);
}

/* Appends a DATA payload to the flow's buffer, calling on_data as it fills. */
static void on_data(const denali_net_config *c, uint32_t id, const uint8_t *p, uint32_t n) {
  denali_flow *f = find(id);
  if (f == NULL) {
    return; /* refused, or closed by us: dropped */
  }
  do {
    uint32_t room = f->cap - f->len;
    uint32_t take = n < room ? n : room;
    memcpy(f->in + f->len, p, take);
    f->len += take;
    p += take;
    n -= take;
    uint32_t before = f->len;
    c->on_data(f, c->ctx);
    if (!f->open || f->id != id) {
      return; /* the callback closed it */
    }
    if (n > 0 && f->len == f->cap && f->len == before) {
      denali_flow_close(f); /* full and nothing consumed: the callback cannot go on */
      return;
    }
  } while (n > 0);
}

static void on_close(const denali_net_config *c, uint32_t id) {
  denali_flow *f = find(id);
  if (f == NULL) {
    return;
  }
  if (c->on_close) {
    c->on_close(f, c->ctx);
  }
  release(f);
}

int denali_net_serve(const denali_net_config *c) {
  if (c == NULL || c->on_data == NULL) {
    return -DENALI_EINVAL;
  }
  int r = ensure_send_buffer();
  if (r < 0) {
    return r;
  }
  flow_slots = c->max_flows ? c->max_flows : DEFAULT_FLOWS;
  uint32_t cap = c->buffer_bytes ? c->buffer_bytes : DEFAULT_BUFFER;
  uint8_t *recv_buf = malloc(mtu);
  flows = calloc(flow_slots, sizeof *flows);
  uint8_t *buffers = malloc((size_t)flow_slots * cap);
  if (recv_buf == NULL || flows == NULL || buffers == NULL) {
    return -DENALI_ENOSPC;
  }
  for (uint32_t i = 0; i < flow_slots; i++) {
    flows[i].in = buffers + (size_t)i * cap;
    flows[i].cap = cap;
  }
  for (;;) {
    int32_t n = d_net_recv(recv_buf, mtu);
    if (n == -DENALI_EAGAIN) {
      /* Drained: IRQ_NET is clear now, so this sleeps until the next message arrives. */
      d_idle(DENALI_IDLE_FOREVER);
      continue;
    }
    if (n < DENALI_NET_HEADER_BYTES) {
      continue; /* a runt (or an error that cannot recur: the buffer is MTU-sized) */
    }
    uint32_t id = (uint32_t)recv_buf[4] | (uint32_t)recv_buf[5] << 8
        | (uint32_t)recv_buf[6] << 16 | (uint32_t)recv_buf[7] << 24;
    switch (recv_buf[DENALI_NET_KIND_OFFSET]) {
      case DENALI_NET_OPEN:
        on_open(c, id);
        break;
      case DENALI_NET_DATA:
        on_data(c, id, recv_buf + DENALI_NET_HEADER_BYTES, (uint32_t)n - DENALI_NET_HEADER_BYTES);
        break;
      case DENALI_NET_CLOSE:
        on_close(c, id);
        break;
      default:
        break; /* unknown kinds are ignored */
    }
  }
}
