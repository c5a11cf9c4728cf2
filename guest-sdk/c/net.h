/*
 * net.h: flows over the virtual NIC for C guests (ISA manual, "Network messages"; code in
 * libc/net.c, compiled into every C guest with the rest of the libc).
 *
 * The kernel's gateway turns each TCP connection into a flow: OPEN, DATA (the client's bytes,
 * in order), CLOSE. denali_net_serve() is the receive loop: it drains d.net.recv, sleeps in
 * d.idle when nothing is queued, keeps a table of open flows with an input buffer each, and
 * calls back:
 *
 *   on_open(flow)   a client connected (optional);
 *   on_data(flow)   bytes were appended to flow->in; consume what you used with
 *                   denali_flow_consume(); also called when the buffer is full, so the callback
 *                   must consume or close then (else the loop closes the flow);
 *   on_close(flow)  the client closed; the slot is freed after the call (optional).
 *
 * Replies go out with denali_flow_send() (split into DATA messages of at most the MTU) and
 * denali_flow_close() (CLOSE; the slot is freed and later messages of that flow are dropped).
 *
 * Memory: the table and its buffers are taken from malloc once, when the loop starts
 * (max_flows * (buffer_bytes + 64) plus one MTU-sized message buffer); nothing is allocated
 * later. Not reentrant: one serve loop per guest.
 */
#ifndef DENALI_NET_H
#define DENALI_NET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One open flow. `in[0..len)` holds received bytes not yet consumed. */
typedef struct denali_flow {
  uint32_t id;      /* the gateway's flow id */
  uint8_t *in;      /* input buffer of `cap` bytes */
  uint32_t len;     /* bytes buffered */
  uint32_t cap;     /* buffer size (the config's buffer_bytes) */
  void *user;       /* free for the callbacks (NULL at OPEN) */
  uint8_t open;     /* internal: 1 while the slot is in use */
} denali_flow;

typedef struct denali_net_config {
  uint32_t max_flows;     /* flows open at once; 0 = 16. OPEN beyond it is refused */
  uint32_t buffer_bytes;  /* input buffer per flow; 0 = 8192 */
  void (*on_open)(denali_flow *flow, void *ctx);   /* optional */
  void (*on_data)(denali_flow *flow, void *ctx);   /* required */
  void (*on_close)(denali_flow *flow, void *ctx);  /* optional: the client closed */
  void *ctx;                                       /* passed to the callbacks */
  /* Sent as DATA before the CLOSE that refuses a flow when the table is full; NULL = none. */
  const char *refuse_message;
} denali_net_config;

/*
 * Runs the receive loop. Returns only when it cannot run: -DENALI_ENODEV when the VM has no
 * NIC (NET_MTU virtual register 0, e.g. `denali run`), -DENALI_EINVAL for a bad config (no
 * on_data), or when malloc cannot hold the table (-DENALI_ENOSPC).
 */
int denali_net_serve(const denali_net_config *config);

/* Drops the first `n` bytes of flow->in (n <= flow->len). */
void denali_flow_consume(denali_flow *flow, uint32_t n);

/*
 * Sends `len` bytes to the client as DATA messages of at most NET_MTU bytes (header
 * included). When the transmit queue is full it yields (d.idle 0) and tries again. Returns 0,
 * or a negative errno when the NIC refused (-EFAULT, -ENODEV).
 */
int denali_flow_send(denali_flow *flow, const void *data, size_t len);

/* Sends CLOSE (after everything sent before it) and frees the slot. Returns 0 or -errno. */
int denali_flow_close(denali_flow *flow);

/* The same, by flow id, for flows outside the table (e.g. refused ones). */
int denali_net_send_data(uint32_t flow_id, const void *data, size_t len);
int denali_net_send_close(uint32_t flow_id);

/* Flows open now, and flows refused because the table was full (since the loop started). */
uint32_t denali_net_open_flows(void);
uint32_t denali_net_refused_flows(void);

#ifdef __cplusplus
}
#endif

#endif /* DENALI_NET_H */
