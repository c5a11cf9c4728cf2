/*
 * http.c: the HTTP/1.1 server of http.h (RFC 9112 message syntax, the parts a small service
 * needs) on net.h's flows.
 *
 * Each DATA message is appended to the flow's buffer (net.c); on_data then takes complete
 * requests off its front, one at a time, so split and pipelined requests need no state beyond
 * the buffer. The request line and headers are copied into a scratch buffer and parsed there in
 * place (NUL-terminated), so a request still waiting for its body is never modified; the body
 * is handed to the handler where it lies in the flow buffer. The flow buffer holds
 * max_header_bytes + max_body_bytes, so every acceptable request fits.
 *
 * Like net.c it is compiled into every C guest: buffers come from malloc in http_serve.
 *
 * A little over 500 lines: parser and response writer share the limits and buffers above, which
 * would otherwise have to become global symbols of every C guest.
 */
#include <denali.h>
#include <http.h>
#include <net.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_RESERVE 1024 /* room for the status line and headers before the body */

static http_handler the_handler;
static http_config limits;
static char *scratch;     /* max_header_bytes + 1: the head being parsed */
static char *response_buf; /* HEAD_RESERVE + max_response_bytes */

static const char REFUSE[] =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
    "Connection: close\r\n\r\n503 too many flows\r\n";

/* ------------------------------------------------------------------ small helpers */
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int equals_ignore_case(const char *a, const char *b) {
  while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
    a++;
    b++;
  }
  return *a == 0 && *b == 0;
}

/* RFC 9110 tchar. */
static int is_tchar(int c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    return 1;
  }
  return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Whether the comma-separated list `value` holds `token` (case-insensitive). */
static int has_token(const char *value, const char *token) {
  size_t n = strlen(token);
  const char *p = value;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ',') {
      p++;
    }
    const char *start = p;
    while (*p && *p != ',') {
      p++;
    }
    const char *end = p;
    while (end > start && (end[-1] == ' ' || end[-1] == '\t')) {
      end--;
    }
    if ((size_t)(end - start) == n) {
      size_t i = 0;
      while (i < n && lower((unsigned char)start[i]) == lower((unsigned char)token[i])) {
        i++;
      }
      if (i == n) {
        return 1;
      }
    }
  }
  return 0;
}

const char *http_reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return "";
  }
}

/* ------------------------------------------------------------------ responses */
void http_set_status(http_response *res, int status) { res->status = status; }

void http_close(http_response *res) { res->close = 1; }

void http_set_header(http_response *res, const char *name, const char *value) {
  size_t room = sizeof res->head - res->head_len;
  int n = snprintf(res->head + res->head_len, room, "%s: %s\r\n", name, value);
  if (n < 0 || (size_t)n >= room) {
    res->head[res->head_len] = 0;
    res->overflow = 1;
    return;
  }
  res->head_len += (size_t)n;
}

void http_write(http_response *res, const void *data, size_t len) {
  if (len > res->body_cap - res->body_len) {
    res->overflow = 1;
    len = res->body_cap - res->body_len;
  }
  memcpy(res->buf + HEAD_RESERVE + res->body_len, data, len);
  res->body_len += len;
}

void http_puts(http_response *res, const char *text) { http_write(res, text, strlen(text)); }

void http_printf(http_response *res, const char *fmt, ...) {
  size_t room = res->body_cap - res->body_len;
  va_list ap;
  va_start(ap, fmt);
  /* vsnprintf writes at most room bytes including the NUL; the NUL may land one byte past the
     body's capacity, which the buffer has (see http_serve). */
  int n = vsnprintf(res->buf + HEAD_RESERVE + res->body_len, room + 1, fmt, ap);
  va_end(ap);
  if (n < 0) {
    return;
  }
  if ((size_t)n > room) {
    res->overflow = 1;
    n = (int)room;
  }
  res->body_len += (size_t)n;
}

/* Whether the response has header `name` already (case-insensitive). */
static int has_header(const http_response *res, const char *name) {
  const char *line = res->head;
  while (*line) {
    size_t k = 0;
    while (name[k] && lower((unsigned char)line[k]) == lower((unsigned char)name[k])) {
      k++;
    }
    if (name[k] == 0 && line[k] == ':') {
      return 1;
    }
    const char *next = strstr(line, "\r\n");
    if (next == NULL) {
      break;
    }
    line = next + 2;
  }
  return 0;
}

void http_error(http_response *res, int status) {
  res->status = status;
  res->body_len = 0;
  if (!has_header(res, "Content-Type")) {
    http_set_header(res, "Content-Type", "text/plain; charset=utf-8");
  }
  http_printf(res, "%d %s\n", status, http_reason(status));
}

static void response_init(http_response *res) {
  res->status = 200;
  res->close = 0;
  res->buf = response_buf;
  res->head_len = 0;
  res->head[0] = 0;
  res->body_len = 0;
  res->body_cap = limits.max_response_bytes;
  res->overflow = 0;
}

/*
 * Writes the status line and headers just before the body and sends both in one go; closes
 * the flow afterwards when the response says so. `head_only`: a HEAD request (no body sent).
 */
static void response_send(denali_flow *flow, http_response *res, int version, int head_only) {
  if (res->overflow) {
    response_init(res);
    res->close = 1;
    http_error(res, 500);
  }
  int status = res->status;
  if (status < 100 || status > 999) {
    status = 500;
  }
  int no_body = status == 204 || status == 304 || (status >= 100 && status < 200);
  char head[HEAD_RESERVE];
  int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\n%s", status, http_reason(status),
      res->head);
  if (!no_body) {
    n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %u\r\n",
        (unsigned)res->body_len);
  }
  n += snprintf(head + n, sizeof head - (size_t)n, "Server: denali\r\n");
  if (res->close) {
    n += snprintf(head + n, sizeof head - (size_t)n, "Connection: close\r\n");
  } else if (version == 10) {
    n += snprintf(head + n, sizeof head - (size_t)n, "Connection: keep-alive\r\n");
  }
  n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
  char *start = res->buf + HEAD_RESERVE - n;
  memcpy(start, head, (size_t)n);
  size_t total = (size_t)n + (no_body || head_only ? 0 : res->body_len);
  denali_flow_send(flow, start, total);
  if (res->close) {
    denali_flow_close(flow);
  }
}

static void message_send(denali_flow *flow, http_response *res, int head_only);

/*
 * Answers an error the server found itself, as text or as an HTTP message (`message`: the form
 * of the request), and closes the connection.
 */
static void fail(denali_flow *flow, int status, int message) {
  http_response res;
  response_init(&res);
  res.close = 1;
  http_error(&res, status);
  if (message) {
    message_send(flow, &res, 0);
  } else {
    response_send(flow, &res, 11, 0);
  }
}

/* ------------------------------------------------------------------ requests */
const char *http_header_value(const http_request *req, const char *name) {
  for (int i = 0; i < req->header_count; i++) {
    if (equals_ignore_case(req->headers[i].name, name)) {
      return req->headers[i].value;
    }
  }
  return NULL;
}

static int hex(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int http_query_param(const http_request *req, const char *name, char *out, size_t cap) {
  size_t name_len = strlen(name);
  const char *p = req->query;
  while (*p) {
    const char *end = strchr(p, '&');
    if (end == NULL) {
      end = p + strlen(p);
    }
    const char *eq = memchr(p, '=', (size_t)(end - p));
    const char *key_end = eq ? eq : end;
    if ((size_t)(key_end - p) == name_len && memcmp(p, name, name_len) == 0) {
      size_t n = 0;
      for (const char *v = eq ? eq + 1 : end; v < end; v++) {
        int c = (unsigned char)*v;
        if (c == '+') {
          c = ' ';
        } else if (c == '%' && v + 2 < end && hex(v[1]) >= 0 && hex(v[2]) >= 0) {
          c = hex(v[1]) * 16 + hex(v[2]);
          v += 2;
        }
        if (n + 1 >= cap) {
          return -2;
        }
        out[n++] = (char)c;
      }
      if (cap == 0) {
        return -2;
      }
      out[n] = 0;
      return (int)n;
    }
    p = *end ? end + 1 : end;
  }
  return -1;
}

/*
 * Parses the request line in `line` (NUL-terminated, no line end) into req. Returns 0, or the
 * status to answer: 400 for garbage, 505 for another HTTP version.
 */
static int parse_request_line(char *line, http_request *req) {
  char *p = line;
  req->method = p;
  while (is_tchar((unsigned char)*p)) {
    p++;
  }
  if (p == line || *p != ' ') {
    return 400;
  }
  *p++ = 0;
  char *target = p;
  while (*p > ' ' && *p != 0x7f) {
    p++;
  }
  if (p == target || *p != ' ' || target[0] != '/') {
    return 400;
  }
  *p++ = 0;
  const char *v = p;
  if (strncmp(v, "HTTP/", 5) != 0 || !(v[5] >= '0' && v[5] <= '9') || v[6] != '.'
      || !(v[7] >= '0' && v[7] <= '9') || v[8] != 0) {
    return 400;
  }
  if (v[5] != '1' || (v[7] != '0' && v[7] != '1')) {
    return 505;
  }
  req->version = v[7] == '1' ? 11 : 10;
  char *q = strchr(target, '?');
  if (q != NULL) {
    *q = 0;
    req->query = q + 1;
  } else {
    req->query = "";
  }
  req->path = target;
  return 0;
}

/* Parses one header line (NUL-terminated, no line end). Returns 0, 400 or 431. */
static int parse_header(char *line, http_request *req) {
  char *p = line;
  while (is_tchar((unsigned char)*p)) {
    p++;
  }
  if (p == line || *p != ':') {
    return 400; /* also obs-fold (a line starting with a space) and "Name :" */
  }
  *p++ = 0;
  while (*p == ' ' || *p == '\t') {
    p++;
  }
  char *value = p;
  for (; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return 400;
    }
  }
  while (p > value && (p[-1] == ' ' || p[-1] == '\t')) {
    *--p = 0;
  }
  if (req->header_count == HTTP_MAX_HEADERS) {
    return 431;
  }
  req->headers[req->header_count].name = line;
  req->headers[req->header_count].value = value;
  req->header_count++;
  return 0;
}

/* Where the line starting at buf[from] ends ('\n'), or -1 when it has not arrived. */
static long line_end(const uint8_t *buf, uint32_t len, uint32_t from) {
  const uint8_t *nl = memchr(buf + from, '\n', len - from);
  return nl ? (long)(nl - buf) : -1;
}

/*
 * Takes one complete request off the front of the flow's buffer and answers it. Returns 1 when
 * another may follow in the buffer, 0 when it must wait for more bytes or the flow was closed.
 */
static int serve_one(denali_flow *flow) {
  const uint8_t *buf = flow->in;
  uint32_t len = flow->len;
  /* RFC 9112 2.2: ignore empty lines before the request line. */
  uint32_t skip = 0;
  while (skip < len && (buf[skip] == '\r' || buf[skip] == '\n')) {
    skip++;
  }
  if (skip > 0) {
    denali_flow_consume(flow, skip);
    len = flow->len;
  }
  if (len == 0) {
    return 0;
  }
  /* Find the blank line ending the head; check the request line as soon as it is there. */
  uint32_t at = 0;
  uint32_t head_len = 0;
  int first = 1;
  for (;;) {
    long e = line_end(buf, len, at);
    if (e < 0 || (uint32_t)e >= limits.max_header_bytes) {
      if (len >= limits.max_header_bytes) {
        fail(flow, 431, 0);
        return 0;
      }
      return 0; /* wait for more */
    }
    uint32_t content = (uint32_t)e > at && buf[e - 1] == '\r' ? (uint32_t)e - 1 : (uint32_t)e;
    if (first) {
      /* Check the request line now, without waiting for the headers. */
      http_request probe;
      memcpy(scratch, buf, content);
      scratch[content] = 0;
      if (memchr(scratch, '\r', content) != NULL || strlen(scratch) != content) {
        fail(flow, 400, 0);
        return 0;
      }
      int status = parse_request_line(scratch, &probe);
      if (status != 0) {
        fail(flow, status, 0);
        return 0;
      }
      first = 0;
    } else if (content == at) {
      head_len = (uint32_t)e + 1;
      break;
    }
    at = (uint32_t)e + 1;
  }
  /* Parse the head in the scratch buffer: lines become NUL-terminated strings. */
  memcpy(scratch, buf, head_len);
  scratch[head_len] = 0;
  http_request req;
  memset(&req, 0, sizeof req);
  req.flow = flow->id;
  char *line = scratch;
  int status = 0;
  for (int n = 0; status == 0; n++) {
    char *nl = strchr(line, '\n');
    if (nl == NULL) {
      break;
    }
    *nl = 0;
    if (nl > line && nl[-1] == '\r') {
      nl[-1] = 0;
    }
    if (strchr(line, '\r') != NULL) {
      status = 400; /* a bare CR */
    } else if (line[0] == 0) {
      line = nl + 1;
      break; /* the blank line */
    } else if (n == 0) {
      status = parse_request_line(line, &req);
    } else {
      status = parse_header(line, &req);
    }
    line = nl + 1;
  }
  if (status == 0 && scratch + head_len != line) {
    status = 400; /* a NUL inside the head */
  }
  /* Host, Content-Length, Transfer-Encoding, Connection. */
  size_t content_length = 0;
  int seen_length = 0;
  for (int i = 0; status == 0 && i < req.header_count; i++) {
    const char *name = req.headers[i].name;
    const char *value = req.headers[i].value;
    if (equals_ignore_case(name, "content-length")) {
      size_t v = 0;
      const char *d = value;
      if (*d == 0) {
        status = 400;
      }
      for (; *d && status == 0; d++) {
        if (*d < '0' || *d > '9') {
          status = 400;
        } else if (v > (SIZE_MAX - 9) / 10) {
          status = 413;
        } else {
          v = v * 10 + (size_t)(*d - '0');
        }
      }
      if (status == 0 && seen_length && v != content_length) {
        status = 400;
      }
      content_length = v;
      seen_length = 1;
    } else if (equals_ignore_case(name, "transfer-encoding")) {
      status = 501;
    } else if (equals_ignore_case(name, "host")) {
      if (req.host != NULL) {
        status = 400; /* RFC 9112 3.2: more than one Host */
      }
      req.host = value;
    }
  }
  if (status == 0 && req.version == 11 && req.host == NULL) {
    status = 400;
  }
  if (status == 0 && content_length > limits.max_body_bytes) {
    status = 413;
  }
  if (status != 0) {
    fail(flow, status, 0);
    return 0;
  }
  if (len - head_len < content_length) {
    return 0; /* the body is still on its way */
  }
  const char *connection = http_header_value(&req, "connection");
  if (req.version == 11) {
    req.keep_alive = connection == NULL || !has_token(connection, "close");
  } else {
    req.keep_alive = connection != NULL && has_token(connection, "keep-alive");
  }
  req.body = buf + head_len;
  req.body_len = content_length;

  http_response res;
  response_init(&res);
  res.close = !req.keep_alive;
  the_handler(&req, &res);
  int head_only = strcmp(req.method, "HEAD") == 0;
  int version = req.version;
  int close = res.close || res.overflow;
  response_send(flow, &res, version, head_only);
  if (close) {
    return 0; /* response_send closed the flow */
  }
  denali_flow_consume(flow, head_len + (uint32_t)content_length);
  return 1;
}

/* ------------------------------------------------------------------ HTTP messages */
/*
 * The gateway's compact form (isa-spec README, "HTTP messages"), which it sends to guests whose
 * note says http=message (DENALI_SETTINGS(..., "http=message"): every C guest links this file,
 * so it cannot say it for them): no request line or framing to parse, and a response with no
 * status line to format. Requests in text still work.
 */
#define MESSAGE_MAGIC 0xd1


static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }

static void put32(char *p, uint32_t v) {
  p[0] = (char)v;
  p[1] = (char)(v >> 8);
  p[2] = (char)(v >> 16);
  p[3] = (char)(v >> 24);
}

/*
 * Sends res as a message: an 8-byte header (magic, version, status, no separate type, the
 * length of the header lines), the lines, the body as one chunk, the empty chunk.
 */
static void message_send(denali_flow *flow, http_response *res, int head_only) {
  if (res->overflow) {
    response_init(res);
    http_error(res, 500);
  }
  int status = res->status;
  if (status < 200 || status > 599) {
    status = 500;
  }
  uint32_t body = status == 204 || status == 304 || head_only ? 0 : (uint32_t)res->body_len;
  uint32_t lines = (uint32_t)res->head_len;
  uint32_t pre = 8 + lines + (body > 0 ? 4 : 0);
  char *start = res->buf + HEAD_RESERVE - pre;
  start[0] = (char)MESSAGE_MAGIC;
  start[1] = 1;
  start[2] = (char)status;
  start[3] = (char)(status >> 8);
  start[4] = 0;
  start[5] = 0;
  start[6] = (char)lines;
  start[7] = (char)(lines >> 8);
  memcpy(start + 8, res->head, lines);
  if (body > 0) {
    put32(start + 8 + lines, body);
  }
  put32(res->buf + HEAD_RESERVE + body, 0);
  denali_flow_send(flow, start, pre + body + 4);
  if (res->close) {
    denali_flow_close(flow);
  }
}

/* Copies n bytes to *s as a NUL-terminated string; returns it. */
static char *take(char **s, const uint8_t *p, uint32_t n) {
  char *out = *s;
  memcpy(out, p, n);
  out[n] = 0;
  *s += n + 1;
  return out;
}

/* Answers the message at the start of the flow's buffer: 1, or 0 when it is incomplete. */
static int serve_message(denali_flow *flow) {
  const uint8_t *buf = flow->in;
  uint32_t len = flow->len;
  if (len < 16) {
    return 0;
  }
  uint32_t m = le16(buf + 2), t = le16(buf + 4), h = le16(buf + 6);
  uint32_t l = le32(buf + 8), b = le32(buf + 12);
  if (buf[1] != 1) {
    fail(flow, 400, 1);
    return 0;
  }
  if (l >= limits.max_header_bytes || m + t + h + l + 4 > limits.max_header_bytes) {
    fail(flow, 431, 1);
    return 0;
  }
  if (b > limits.max_body_bytes) {
    fail(flow, 413, 1);
    return 0;
  }
  uint32_t total = 16 + m + t + h + l + b;
  if (len < total) {
    return 0;
  }
  http_request req;
  memset(&req, 0, sizeof req);
  req.flow = flow->id;
  req.version = 11;
  req.keep_alive = 1;
  char *s = scratch;
  const uint8_t *p = buf + 16;
  req.method = take(&s, p, m);
  p += m;
  char *target = take(&s, p, t);
  p += t;
  char *q = strchr(target, '?');
  if (q != NULL) {
    *q = 0;
    req.query = q + 1;
  } else {
    req.query = "";
  }
  req.path = target;
  int status = 0;
  if (h > 0) {
    req.host = take(&s, p, h);
    req.headers[req.header_count].name = "Host";
    req.headers[req.header_count].value = req.host;
    req.header_count++;
  }
  p += h;
  char *line = take(&s, p, l);
  p += l;
  while (status == 0 && *line) {
    char *nl = strchr(line, '\n');
    if (nl == NULL) {
      status = 400;
      break;
    }
    *nl = 0;
    if (nl > line && nl[-1] == '\r') {
      nl[-1] = 0;
    }
    if (*line) {
      status = parse_header(line, &req);
    }
    line = nl + 1;
  }
  if (status != 0) {
    fail(flow, status, 1);
    return 0;
  }
  req.body = p;
  req.body_len = b;
  http_response res;
  response_init(&res);
  the_handler(&req, &res);
  int close = res.close || res.overflow;
  message_send(flow, &res, 0); /* HEAD too: the gateway drops the body, keeps its length */
  if (close) {
    return 0; /* message_send closed the flow */
  }
  denali_flow_consume(flow, total);
  return 1;
}

static void on_data(denali_flow *flow, void *ctx) {
  (void)ctx;
  while (flow->open && flow->len > 0
      && (flow->in[0] == MESSAGE_MAGIC ? serve_message(flow) : serve_one(flow))) {
  }
}

int http_serve(http_handler handler, const http_config *config) {
  if (handler == NULL) {
    return -DENALI_EINVAL;
  }
  the_handler = handler;
  if (config != NULL) {
    limits = *config;
  }
  if (limits.max_flows == 0) limits.max_flows = 16;
  if (limits.max_header_bytes == 0) limits.max_header_bytes = 4096;
  if (limits.max_body_bytes == 0) limits.max_body_bytes = 4096;
  if (limits.max_response_bytes == 0) limits.max_response_bytes = 16384;
  scratch = malloc(limits.max_header_bytes + 1);
  /* + 4: http_printf's NUL may land one byte past the body's capacity; a message's end. */
  response_buf = malloc(HEAD_RESERVE + limits.max_response_bytes + 4);
  if (scratch == NULL || response_buf == NULL) {
    return -DENALI_ENOSPC;
  }
  denali_net_config net = {
      .max_flows = limits.max_flows,
      .buffer_bytes = limits.max_header_bytes + limits.max_body_bytes,
      .on_data = on_data,
      .refuse_message = REFUSE,
  };
  int r = denali_net_serve(&net);
  if (r == -DENALI_ENODEV) {
    fputs("http_serve: no network device: serve this binary with `denali serve`"
          " (`denali run` gives a guest none)\n", stderr);
  }
  return r;
}
