/*
 * http.h: a small HTTP/1.1 server for C guests, on net.h's flows (code in libc/http.c).
 *
 *   #include <http.h>
 *   DENALI_SETTINGS("memory=1M", "stack=64K", "service=hello-http");
 *
 *   void handle(const http_request *req, http_response *res) {
 *     if (strcmp(req->path, "/") != 0) { http_error(res, 404); return; }
 *     http_set_header(res, "Content-Type", "text/plain");
 *     http_printf(res, "hello from %s\n", req->host ? req->host : "?");
 *   }
 *   int main(void) { return http_serve(handle, NULL); }
 *
 * What the server does for every flow: parses requests as they arrive (a request may be split
 * across any number of messages; several may arrive in one: pipelining), calls the handler once
 * per complete request, in order, and writes each response with Content-Length. Connections
 * stay open (HTTP/1.1 keep-alive) unless the client sends `Connection: close`, speaks HTTP/1.0
 * without `Connection: keep-alive`, or the handler calls http_close().
 *
 * Errors it answers itself, each followed by closing the connection:
 *   400 garbage: a bad request line, header line or Content-Length; HTTP/1.1 without Host;
 *   413 a Content-Length above max_body_bytes (answered before the body arrives);
 *   431 a request line plus headers longer than max_header_bytes, or more than
 *       HTTP_MAX_HEADERS headers;
 *   501 Transfer-Encoding (chunked bodies are not supported);
 *   505 an HTTP version other than 1.0 and 1.1;
 *   503 a new connection while max_flows are open (net.h's refuse_message).
 */
#ifndef DENALI_HTTP_H
#define DENALI_HTTP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HTTP_MAX_HEADERS 32

typedef struct http_header {
  const char *name;  /* as sent, NUL-terminated */
  const char *value; /* without surrounding spaces, NUL-terminated */
} http_header;

/* One parsed request; every pointer is valid only during the handler call. */
typedef struct http_request {
  const char *method;   /* "GET", "PUT", ... (case-sensitive, as sent) */
  const char *path;     /* the target up to '?', e.g. "/key" (not percent-decoded) */
  const char *query;    /* after '?', "" when none */
  int version;          /* 10 for HTTP/1.0, 11 for HTTP/1.1 */
  const char *host;     /* the Host header, or NULL */
  const uint8_t *body;  /* Content-Length bytes (not NUL-terminated) */
  size_t body_len;
  int keep_alive;       /* whether the connection stays open after this response */
  int header_count;
  http_header headers[HTTP_MAX_HEADERS];
  uint32_t flow;        /* the flow id, for logging */
} http_request;

/*
 * The response being built. Start state: status 200, no extra headers, empty body. The server
 * adds Content-Length, Connection (when closing) and Server. Use the functions below; the
 * fields are internal.
 */
typedef struct http_response {
  int status;
  int close;            /* close the connection after this response */
  char *buf;            /* [head reserve][body] */
  size_t head_len;      /* extra header lines in head[] */
  size_t body_len;
  size_t body_cap;
  int overflow;         /* the body did not fit: the server answers 500 instead */
  char head[512];       /* extra header lines, "Name: value\r\n" each */
} http_response;

typedef void (*http_handler)(const http_request *req, http_response *res);

/* Limits; a zero field takes the default shown. */
typedef struct http_config {
  uint32_t max_flows;          /* connections at once: 16 */
  uint32_t max_header_bytes;   /* request line + headers + blank line: 4096 */
  uint32_t max_body_bytes;     /* request body: 4096 */
  uint32_t max_response_bytes; /* response body: 16384 */
} http_config;

/*
 * Runs the server loop (net.h's denali_net_serve) with `handler`; `config` may be NULL. Returns
 * only when it cannot run (a negative errno, e.g. -DENALI_ENODEV without a NIC).
 */
int http_serve(http_handler handler, const http_config *config);

/* ---- requests */
/* The value of header `name` (case-insensitive), or NULL. */
const char *http_header_value(const http_request *req, const char *name);
/*
 * Copies query parameter `name` of req->query, percent-decoded ('+' is a space), NUL-terminated
 * into out[cap]. Returns its length, -1 when absent, -2 when longer than cap - 1.
 */
int http_query_param(const http_request *req, const char *name, char *out, size_t cap);

/* ---- responses */
void http_set_status(http_response *res, int status);
/* Adds a header line; the server's own (Content-Length, Connection) must not be given. */
void http_set_header(http_response *res, const char *name, const char *value);
/* Appends to the body. */
void http_write(http_response *res, const void *data, size_t len);
void http_puts(http_response *res, const char *text);
void http_printf(http_response *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Sets `status` with a plain-text body "<status> <reason>\n" (replacing any body so far) and,
 * unless the response has one, Content-Type: text/plain; charset=utf-8.
 */
void http_error(http_response *res, int status);
/* Closes the connection after this response. */
void http_close(http_response *res);
/* The reason phrase of a status code ("Not Found"), "" for unknown ones. */
const char *http_reason(int status);

#ifdef __cplusplus
}
#endif

#endif /* DENALI_HTTP_H */
