# http.s: a small HTTP/1.1 server for assembly guests, on net.s.
#
#     .include "http.inc"
#     net_config flows=32, bufsize=1024, outsize=2048   # bufsize: the largest request
#     main:   la a0, handler
#             call http_serve                          # never returns
#     handler:                                         # a0 = the request record (http.inc)
#             ... call http_respond ...                # or http_begin, http_write..., http_end
#
# Needs net.s and lib.s (memcpy, strlen, utoa). Calling convention: the ilp32 ABI, as lib.s.
#
# (Longer than the usual 500 lines: assembly takes a line per instruction, and the parser and the
# writer share private helpers and tables that would otherwise have to become global names.)
#
# Requests: a request line (METHOD SP TARGET SP HTTP/1.x; empty lines before it are skipped),
# header lines up to an empty line (CRLF or LF line ends), then Content-Length bytes of body.
# Host, Content-Length, Connection (close / keep-alive) and Transfer-Encoding are understood;
# the raw header lines are in the record for the rest. HTTP/1.1 keeps the flow open unless
# Connection: close; HTTP/1.0 closes it unless Connection: keep-alive. Several requests in one
# DATA message (pipelining) are answered in order; a request split across messages waits in its
# flow's buffer. A request (head and body) must fit in the flow's buffer (net_config bufsize).
# Errors are answered and the flow closed: 400 (a malformed request line or header, a control
# byte in the head, differing Content-Lengths), 413 (head + Content-Length larger than the
# buffer), 431 (a head that fills the buffer), 501 (Transfer-Encoding), 503 (no free flow slot),
# 500 (the handler returned without answering).
#
#   routine                                  does                                    returns
#   http_serve(handler)                      runs net_run with the HTTP protocol;    never
#                                            handler(a0 = request) per request
#   http_respond(req, status, ctype, body,   a whole response: http_begin with       1 if the
#                len)                        length len, http_write, http_end        flow closed
#   http_begin(req, status, ctype, length,   status line, Content-Type (ctype: a     0 or -errno
#              extra)                        NUL-terminated string, 0 = none),
#                                            Content-Length, Connection, the extra
#                                            NUL-terminated header lines (each
#                                            ending in CRLF; 0 = none), empty line
#   http_write(req, ptr, len)                body bytes (none for HEAD requests)     0 or -errno
#   http_end(req)                            closes the flow unless keep-alive       1 if closed
#   http_error(req, status)                  a text/plain response "REASON\n",       1
#                                            then closes the flow
#
# Status codes with a reason phrase: 200 201 301 302 400 403 404 405 413 431 500 501 503; any
# other code is sent as 500.

        .include "http.inc"

        .text

# ------------------------------------------------------------------ http_serve(a0 handler)
        .globl  http_serve
http_serve:
        sw      a0, http_handler, t0
        la      a0, http_proto
        j       net_run

# ------------------------------------------------------------------ http_on_data(a0 slot)
# The protocol's on_data: answers every complete request at the start of the slot's buffer.
http_on_data:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      s2, 16(sp)
        mv      s0, a0                  # s0 = slot
        li      s2, 0                   # s2 = bytes consumed
        la      s1, http_req
1:      lw      t0, FLOW_FILL(s0)
        sub     a1, t0, s2
        beqz    a1, 9f
        lw      a0, FLOW_BUF(s0)
        add     a0, a0, s2
        la      t0, net_cfg
        lw      a2, NETCFG_BUFSIZE(t0)
        lbu     t0, 0(a0)
        li      t1, HTTP_MSG_MAGIC
        bne     t0, t1, 3f
        call    http_parse_msg          # the gateway's HTTP message
        j       4f
3:      call    http_parse              # HTTP/1.1 text (stream mode, plain TCP)
4:      sw      s0, REQ_SLOT(s1)
        beqz    a0, 9f                  # incomplete: wait for more
        bltz    a0, 5f
        add     s2, s2, a0
        lw      t0, http_handler
        mv      a0, s1
        jalr    t0
        lw      t0, REQ_FLAGS(s1)
        andi    t0, t0, REQF_RESPONDED
        bnez    t0, 2f
        mv      a0, s1                  # the handler did not answer
        li      a1, 500
        call    http_error
2:      lw      t0, FLOW_STATE(s0)
        bnez    t0, 1b                  # still open: the next request
        j       9f
5:      neg     a1, a0                  # a bad request: its status, then close
        mv      a0, s1
        call    http_error
9:      mv      a0, s2
        lw      ra, 28(sp)
        lw      s0, 24(sp)
        lw      s1, 20(sp)
        lw      s2, 16(sp)
        addi    sp, sp, 32
        ret

# ------------------------------------------------------------------ http_parse_msg(a0 buf, a1 avail, a2 cap)
# Like http_parse, for an HTTP message (isa-spec README, "HTTP messages"): a 16-byte header,
# then method, target, host, header lines and body. Always keep-alive: the gateway owns the
# client's connection, and answers HEAD from a whole answer. -413 when the message cannot fit in the buffer, -400 when it is not one.
        .equ    HTTP_MSG_MAGIC, 0xd1
http_parse_msg:
        li      t0, 16
        bltu    a1, t0, 8f              # the header is not all here yet
        lbu     t0, 1(a0)
        li      t1, 1
        bne     t0, t1, 7f              # a version this code does not know
        la      t6, http_req
        addi    t1, a0, 16              # t1 = cursor: the method
        lhu     t2, 2(a0)
        sw      t1, REQ_METHOD(t6)
        sw      t2, REQ_METHOD_LEN(t6)
        li      t5, REQF_KEEP_ALIVE + REQF_MESSAGE # (a HEAD answer keeps its body: the
        sw      t5, REQ_FLAGS(t6)       # gateway drops it and keeps its length)
        add     t1, t1, t2
        lhu     t2, 4(a0)               # the target
        sw      t1, REQ_TARGET(t6)
        sw      t2, REQ_TARGET_LEN(t6)
        add     t1, t1, t2
        lhu     t2, 6(a0)               # the host
        sw      t1, REQ_HOST(t6)
        sw      t2, REQ_HOST_LEN(t6)
        add     t1, t1, t2
        lw      t2, 8(a0)               # the header lines
        sw      t1, REQ_HEADERS(t6)
        sw      t2, REQ_HEADERS_LEN(t6)
        bgeu    t2, a2, 6f
        add     t1, t1, t2
        lw      t2, 12(a0)              # the body
        sw      t1, REQ_BODY(t6)
        sw      t2, REQ_BODY_LEN(t6)
        bgeu    t2, a2, 6f
        add     t1, t1, t2
        sub     t1, t1, a0              # t1 = the message's length
        bltu    a2, t1, 6f
        bltu    a1, t1, 8f              # not all here yet
        mv      a0, t1
        ret
6:      li      a0, -413
        ret
7:      li      a0, -400
        ret
8:      li      a0, 0
        ret

# ------------------------------------------------------------------ http_parse(a0 buf, a1 avail, a2 cap)
# Parses one request from buf[0..avail) into http_req (all but REQ_SLOT). a0 = its length in
# bytes (head and body), 0 when it is incomplete, or -status for a request to refuse.
        .globl  http_parse
http_parse:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        sw      s2, 32(sp)
        sw      s3, 28(sp)
        sw      s4, 24(sp)
        sw      s5, 20(sp)
        sw      s6, 16(sp)
        sw      s7, 12(sp)
        sw      s8, 8(sp)
        sw      s9, 4(sp)
        sw      s10, 0(sp)
        mv      s2, a0                  # s2 = buffer
        add     s1, a0, a1              # s1 = end of the bytes
        mv      s6, a2                  # s6 = capacity
        mv      s0, a0                  # s0 = cursor
        la      s3, http_req            # s3 = the record
        li      s4, -1                  # s4 = Content-Length, -1 = none yet
        li      s5, 0                   # s5 = flags
        sw      zero, REQ_HOST(s3)
        sw      zero, REQ_HOST_LEN(s3)
1:      bgeu    s0, s1, .Lhp_more       # skip empty lines before the request line
        lbu     t0, 0(s0)
        li      t1, '\r'
        beq     t0, t1, 2f
        li      t1, '\n'
        bne     t0, t1, .Lhp_request
2:      addi    s0, s0, 1
        j       1b

.Lhp_request:                           # METHOD SP TARGET SP HTTP/1.x
        mv      a0, s0
        mv      a1, s1
        call    http_line
        beqz    a0, .Lhp_more
        bltz    a0, .Lhp_bad
        mv      s7, a1                  # s7 = the next line
        li      t5, 0x7f - 0x21         # a token byte is 0x21..0x7e: (b - 0x21) <u t5
        li      t6, ' '
        mv      t0, s0
        sw      s0, REQ_METHOD(s3)
1:      bgeu    t0, a0, .Lhp_bad
        lbu     t1, 0(t0)
        beq     t1, t6, 2f
        addi    t2, t1, -0x21
        bgeu    t2, t5, .Lhp_bad
        addi    t0, t0, 1
        j       1b
2:      sub     t2, t0, s0
        beqz    t2, .Lhp_bad
        sw      t2, REQ_METHOD_LEN(s3)
        addi    t0, t0, 1
        mv      t4, t0
        sw      t0, REQ_TARGET(s3)
3:      bgeu    t0, a0, .Lhp_bad
        lbu     t1, 0(t0)
        beq     t1, t6, 4f
        addi    t2, t1, -0x21
        bgeu    t2, t5, .Lhp_bad
        addi    t0, t0, 1
        j       3b
4:      sub     t2, t0, t4
        beqz    t2, .Lhp_bad
        sw      t2, REQ_TARGET_LEN(s3)
        addi    t0, t0, 1
        sub     t2, a0, t0              # the version: exactly "HTTP/1." and a digit
        li      t3, 8
        bne     t2, t3, .Lhp_bad
        la      t2, .Lhttp_version
5:      lbu     t3, 0(t2)
        beqz    t3, 6f
        lbu     t1, 0(t0)
        bne     t1, t3, .Lhp_bad
        addi    t0, t0, 1
        addi    t2, t2, 1
        j       5b
6:      lbu     t1, 0(t0)
        li      t2, '0'
        bne     t1, t2, 7f
        ori     s5, s5, REQF_HTTP10     # HTTP/1.0: close by default
        j       8f
7:      addi    t2, t1, -'1'            # HTTP/1.1 (or a later 1.x): keep-alive by default
        li      t3, 9
        bgeu    t2, t3, .Lhp_bad
        ori     s5, s5, REQF_KEEP_ALIVE
8:      lw      a0, REQ_METHOD(s3)
        lw      a1, REQ_METHOD_LEN(s3)
        la      a2, .Lhttp_head
        call    http_ieq
        beqz    a0, 9f
        ori     s5, s5, REQF_HEAD
9:      mv      s0, s7
        sw      s0, REQ_HEADERS(s3)

.Lhp_header:                            # NAME ":" OWS VALUE OWS, or the empty line
        mv      a0, s0
        mv      a1, s1
        call    http_line
        beqz    a0, .Lhp_more
        bltz    a0, .Lhp_bad
        mv      s7, a1
        beq     a0, s0, .Lhp_end
        lbu     t1, 0(s0)
        li      t2, ' '
        beq     t1, t2, .Lhp_bad        # obsolete line folding
        li      t2, '\t'
        beq     t1, t2, .Lhp_bad
        li      t5, 0x7f - 0x21
        li      t6, ':'
        mv      t0, s0
1:      bgeu    t0, a0, .Lhp_bad        # no colon
        lbu     t1, 0(t0)
        beq     t1, t6, 2f
        addi    t2, t1, -0x21           # no spaces or controls in a name
        bgeu    t2, t5, .Lhp_bad
        addi    t0, t0, 1
        j       1b
2:      sub     s10, t0, s0             # s10 = name length
        beqz    s10, .Lhp_bad
        addi    t0, t0, 1
        li      t2, ' '
        li      t3, '\t'
3:      bgeu    t0, a0, 5f              # trim the value's leading spaces and tabs
        lbu     t1, 0(t0)
        beq     t1, t2, 4f
        bne     t1, t3, 5f
4:      addi    t0, t0, 1
        j       3b
5:      mv      t4, a0
6:      bgeu    t0, t4, 8f              # and its trailing ones
        lbu     t1, -1(t4)
        beq     t1, t2, 7f
        bne     t1, t3, 8f
7:      addi    t4, t4, -1
        j       6b
8:      mv      s8, t0                  # s8, s9 = the value
        sub     s9, t4, t0

        mv      a0, s0
        mv      a1, s10
        la      a2, .Lhttp_host
        call    http_ieq
        beqz    a0, .Lhp_not_host
        sw      s8, REQ_HOST(s3)
        sw      s9, REQ_HOST_LEN(s3)
        j       .Lhp_next
.Lhp_not_host:
        mv      a0, s0
        mv      a1, s10
        la      a2, .Lhttp_content_length
        call    http_ieq
        beqz    a0, .Lhp_not_length
        beqz    s9, .Lhp_bad
        li      t0, 0                   # t0 = the value
        mv      t1, s8
        add     t2, s8, s9
        li      t4, 10
        li      t5, 100000000
1:      bgeu    t1, t2, 2f
        lbu     t3, 0(t1)
        addi    t3, t3, -'0'
        bgeu    t3, t4, .Lhp_bad        # not a digit
        bgeu    t0, t5, .Lhp_too_large  # 10 digits or more: more than any buffer
        mul     t0, t0, t4
        add     t0, t0, t3
        addi    t1, t1, 1
        j       1b
2:      bltz    s4, 3f
        bne     s4, t0, .Lhp_bad        # two different lengths
3:      mv      s4, t0
        j       .Lhp_next
.Lhp_not_length:
        mv      a0, s0
        mv      a1, s10
        la      a2, .Lhttp_connection
        call    http_ieq
        beqz    a0, .Lhp_not_connection
        mv      a0, s8
        mv      a1, s9
        la      a2, .Lhttp_close
        call    http_icontains
        beqz    a0, 1f
        ori     s5, s5, REQF_CONN_CLOSE
1:      mv      a0, s8
        mv      a1, s9
        la      a2, .Lhttp_keep_alive
        call    http_icontains
        beqz    a0, .Lhp_next
        ori     s5, s5, REQF_CONN_KEEP
        j       .Lhp_next
.Lhp_not_connection:
        mv      a0, s0
        mv      a1, s10
        la      a2, .Lhttp_transfer_encoding
        call    http_ieq
        bnez    a0, .Lhp_unsupported
.Lhp_next:
        mv      s0, s7
        j       .Lhp_header

.Lhp_end:                               # s0 = the empty line, s7 = the body
        lw      t0, REQ_HEADERS(s3)
        sub     t1, s0, t0
        sw      t1, REQ_HEADERS_LEN(s3)
        mv      s0, s7
        bgez    s4, 1f
        li      s4, 0
1:      sub     t0, s0, s2              # head + body must fit in the buffer
        add     t0, t0, s4
        bltu    s6, t0, .Lhp_too_large
        add     t1, s0, s4
        bltu    s1, t1, .Lhp_wait       # the body is not all here yet
        sw      s0, REQ_BODY(s3)
        sw      s4, REQ_BODY_LEN(s3)
        andi    t0, s5, REQF_CONN_CLOSE
        beqz    t0, 2f
        andi    s5, s5, ~REQF_KEEP_ALIVE
        j       3f
2:      andi    t0, s5, REQF_CONN_KEEP
        beqz    t0, 3f
        ori     s5, s5, REQF_KEEP_ALIVE
3:      sw      s5, REQ_FLAGS(s3)
        sub     a0, t1, s2
        j       .Lhp_return
.Lhp_more:                              # incomplete head: wait, unless the buffer is full
        sub     t0, s1, s2
        bltu    t0, s6, .Lhp_wait
        li      a0, -431
        j       .Lhp_return
.Lhp_wait:
        li      a0, 0
        j       .Lhp_return
.Lhp_bad:
        li      a0, -400
        j       .Lhp_return
.Lhp_too_large:
        li      a0, -413
        j       .Lhp_return
.Lhp_unsupported:
        li      a0, -501
.Lhp_return:
        lw      ra, 44(sp)
        lw      s0, 40(sp)
        lw      s1, 36(sp)
        lw      s2, 32(sp)
        lw      s3, 28(sp)
        lw      s4, 24(sp)
        lw      s5, 20(sp)
        lw      s6, 16(sp)
        lw      s7, 12(sp)
        lw      s8, 8(sp)
        lw      s9, 4(sp)
        lw      s10, 0(sp)
        addi    sp, sp, 48
        ret

# ------------------------------------------------------------------ http_line(a0 start, a1 end)
# Finds the line at start: a0 = its end (before CR LF or LF), a1 = the next line's start;
# a0 = 0 when no LF is there yet, -1 when a control byte (other than TAB, CR) comes first.
# Uses only t0..t3.
http_line:
        mv      t3, a0
1:      bgeu    t3, a1, 8f
        lbu     t0, 0(t3)
        li      t1, '\n'
        beq     t0, t1, 2f
        li      t1, 0x20
        bgeu    t0, t1, 3f
        li      t1, '\t'
        beq     t0, t1, 3f
        li      t1, '\r'
        bne     t0, t1, 9f
3:      li      t1, 0x7f
        beq     t0, t1, 9f
        addi    t3, t3, 1
        j       1b
2:      addi    a1, t3, 1
        beq     t3, a0, 4f
        lbu     t0, -1(t3)
        li      t1, '\r'
        bne     t0, t1, 4f
        addi    t3, t3, -1
4:      mv      a0, t3
        ret
8:      li      a0, 0
        ret
9:      li      a0, -1
        ret

# ------------------------------------------------------------------ http_iprefix(a0 p, a1 len, a2 lit)
# a0 = 1 when the len bytes at p start with lit (lowercase, NUL-terminated), ignoring ASCII
# case; a1 = the bytes after it. Uses only t0..t3.
http_iprefix:
1:      lbu     t0, 0(a2)
        beqz    t0, 8f
        beqz    a1, 9f
        lbu     t1, 0(a0)
        addi    t2, t1, -'A'
        li      t3, 26
        bgeu    t2, t3, 2f
        addi    t1, t1, 'a' - 'A'
2:      bne     t0, t1, 9f
        addi    a0, a0, 1
        addi    a1, a1, -1
        addi    a2, a2, 1
        j       1b
8:      li      a0, 1
        ret
9:      li      a0, 0
        ret

# ------------------------------------------------------------------ http_ieq(a0 p, a1 len, a2 lit)
# a0 = 1 when the len bytes at p are lit (lowercase, NUL-terminated), ignoring ASCII case.
        .globl  http_ieq
http_ieq:
        mv      t6, ra
        jal     http_iprefix
        mv      ra, t6
        beqz    a0, 1f
        seqz    a0, a1
1:      ret

# ------------------------------------------------------------------ http_icontains(a0 p, a1 len, a2 lit)
# a0 = 1 when lit (lowercase) occurs in the len bytes at p, ignoring ASCII case.
        .globl  http_icontains
http_icontains:
        mv      t6, ra
        mv      t4, a0
        mv      t5, a1
        mv      a3, a2
1:      mv      a0, t4
        mv      a1, t5
        mv      a2, a3
        jal     http_iprefix
        bnez    a0, 2f
        beqz    t5, 2f
        addi    t4, t4, 1
        addi    t5, t5, -1
        j       1b
2:      mv      ra, t6
        ret

# ------------------------------------------------------------------ http_status_line(a0 status)
# a0 = "HTTP/1.1 CODE REASON\r\n" for the status (500's for a code not in the table).
http_status_line:
        la      t0, .Lhttp_statuses
1:      lw      t1, 0(t0)
        beqz    t1, 2f
        beq     t1, a0, 3f
        addi    t0, t0, 8
        j       1b
2:      la      a0, .Lhttp_500
        ret
3:      lw      a0, 4(t0)
        ret

# ------------------------------------------------------------------ http_begin(a0 req, a1 status, a2 ctype, a3 length, a4 extra)
        .globl  http_begin
http_begin:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        sw      s2, 32(sp)
        sw      s3, 28(sp)
        sw      s4, 24(sp)
        mv      s0, a0
        lw      s1, REQ_SLOT(a0)        # s1 = slot
        mv      s2, a2
        mv      s3, a3
        mv      s4, a4
        lw      t0, REQ_FLAGS(s0)
        ori     t0, t0, REQF_RESPONDED
        sw      t0, REQ_FLAGS(s0)
        andi    t0, t0, REQF_MESSAGE
        beqz    t0, 5f
        # an HTTP message: magic, version, status, the lengths of the content type and of
        # the extra header lines, then the two
        li      t0, HTTP_MSG_MAGIC
        sb      t0, 0(sp)
        li      t0, 1
        sb      t0, 1(sp)
        sh      a1, 2(sp)
        li      s3, 0                   # s3 = the content type's length (the length is unused)
        beqz    s2, 6f
        mv      a0, s2
        call    strlen
        mv      s3, a0
6:      sh      s3, 4(sp)
        li      a0, 0
        beqz    s4, 7f
        mv      a0, s4
        call    strlen
7:      sh      a0, 6(sp)
        sw      a0, 8(sp)
        mv      a0, s1
        mv      a1, sp
        li      a2, 8
        call    net_write
        mv      a0, s1
        mv      a1, s2
        mv      a2, s3
        call    net_write               # nothing when there is no type
        mv      a0, s1
        mv      a1, s4
        lw      a2, 8(sp)
        call    net_write
        j       4f
5:      mv      a0, a1
        call    http_status_line
        mv      a1, a0
        mv      a0, s1
        call    net_write_str
        beqz    s2, 1f
        mv      a0, s1
        la      a1, .Lhttp_content_type
        call    net_write_str
        mv      a0, s1
        mv      a1, s2
        call    net_write_str
        mv      a0, s1
        la      a1, .Lhttp_crlf
        call    net_write_str
1:      mv      a0, s1
        la      a1, .Lhttp_content_length_is
        call    net_write_str
        mv      a0, s3                  # the digits, in the frame's free 24 bytes
        mv      a1, sp
        li      a2, 10
        call    utoa
        mv      a2, a0
        mv      a1, sp
        mv      a0, s1
        call    net_write
        lw      t0, REQ_FLAGS(s0)
        andi    t0, t0, REQF_KEEP_ALIVE
        la      a1, .Lhttp_connection_close
        beqz    t0, 2f
        la      a1, .Lhttp_connection_keep
2:      mv      a0, s1
        call    net_write_str
        beqz    s4, 3f
        mv      a0, s1
        mv      a1, s4
        call    net_write_str
3:      mv      a0, s1
        la      a1, .Lhttp_crlf
        call    net_write_str
4:      lw      ra, 44(sp)
        lw      s0, 40(sp)
        lw      s1, 36(sp)
        lw      s2, 32(sp)
        lw      s3, 28(sp)
        lw      s4, 24(sp)
        addi    sp, sp, 48
        ret

# ------------------------------------------------------------------ http_write(a0 req, a1 ptr, a2 len)
        .globl  http_write
http_write:
        lw      t0, REQ_FLAGS(a0)
        andi    t1, t0, REQF_HEAD
        bnez    t1, 1f
        beqz    a2, 1f
        andi    t1, t0, REQF_MESSAGE
        lw      a0, REQ_SLOT(a0)
        bnez    t1, 3f
        j       net_write               # text: the bytes as they are
3:      # a message's body goes in chunks: the length, then the bytes
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      s2, 0(sp)
        mv      s0, a0
        mv      s1, a1
        mv      s2, a2
        jal     http_word
        bnez    a0, 2f
        mv      a0, s0
        mv      a1, s1
        mv      a2, s2
        call    net_write
2:      lw      ra, 12(sp)
        lw      s0, 8(sp)
        lw      s1, 4(sp)
        lw      s2, 0(sp)
        addi    sp, sp, 16
        ret
1:      li      a0, 0
        ret

# http_word(a0 slot, a2 value): writes the 4-byte little-endian value; net_write's result.
http_word:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a2, 0(sp)
        mv      a1, sp
        li      a2, 4
        call    net_write
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ http_end(a0 req)
        .globl  http_end
http_end:
        lw      t0, REQ_FLAGS(a0)
        andi    t1, t0, REQF_MESSAGE
        beqz    t1, 2f
        addi    sp, sp, -16             # a message ends with an empty chunk
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        lw      a0, REQ_SLOT(a0)
        li      a2, 0
        jal     http_word
        lw      a0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        lw      t0, REQ_FLAGS(a0)
2:      andi    t0, t0, REQF_KEEP_ALIVE
        bnez    t0, 1f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      a0, REQ_SLOT(a0)
        call    net_close
        li      a0, 1
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
1:      li      a0, 0
        ret

# ------------------------------------------------------------------ http_respond(a0 req, a1 status, a2 ctype, a3 body, a4 len)
        .globl  http_respond
http_respond:
        lw      t0, REQ_FLAGS(a0)
        andi    t1, t0, REQF_MESSAGE
        beqz    t1, .Lhr_general
        andi    t1, t0, REQF_HEAD
        bnez    t1, .Lhr_general
        # an HTTP message, written straight into the output buffer when it fits
        ori     t0, t0, REQF_RESPONDED
        sw      t0, REQ_FLAGS(a0)
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      s2, 16(sp)
        sw      s3, 12(sp)
        sw      s4, 8(sp)
        sw      s5, 4(sp)
        mv      s0, a0
        mv      s1, a1
        mv      s2, a2
        mv      s3, a3
        mv      s4, a4
        li      s5, 0                   # s5 = the type's length
        beqz    s2, 1f
        mv      a0, s2
        call    strlen
        mv      s5, a0
1:      addi    a1, s5, 12              # a1 = the message: header, type, end
        beqz    s4, 2f
        add     a1, a1, s4              # and one chunk
        addi    a1, a1, 4
2:      lw      a0, REQ_SLOT(s0)
        call    net_reserve
        beqz    a0, 8f                  # it does not fit: the general way
        mv      s0, a0                  # s0 = where the message goes
        li      t1, HTTP_MSG_MAGIC + 256 # the magic, version 1
        sh      t1, 0(s0)
        sh      s1, 2(s0)
        sh      s5, 4(s0)
        sh      zero, 6(s0)             # no extra header lines
        addi    a0, s0, 8
        mv      a1, s2
        mv      a2, s5
        call    memcpy                  # the type
        add     s0, s0, s5
        beqz    s4, 3f
        sw      s4, 8(s0)               # the body, one chunk
        addi    a0, s0, 12
        mv      a1, s3
        mv      a2, s4
        call    memcpy
        add     s0, s0, s4
        addi    s0, s0, 4
3:      sw      zero, 8(s0)             # the end
        li      a0, 0
        j       9f
8:      mv      a0, s0                  # back to the arguments
        mv      a1, s1
        mv      a2, s2
        mv      a3, s3
        mv      a4, s4
9:      lw      ra, 28(sp)
        lw      s0, 24(sp)
        lw      s1, 20(sp)
        lw      s2, 16(sp)
        lw      s3, 12(sp)
        lw      s4, 8(sp)
        lw      s5, 4(sp)
        addi    sp, sp, 32
        bnez    a0, .Lhr_general        # a0 = the request: it did not fit
        ret                             # a0 = 0: written
.Lhr_general:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      s2, 0(sp)
        mv      s0, a0
        mv      s1, a3
        mv      s2, a4
        mv      a3, a4
        li      a4, 0
        call    http_begin
        mv      a0, s0
        mv      a1, s1
        mv      a2, s2
        call    http_write
        mv      a0, s0
        call    http_end
        lw      ra, 12(sp)
        lw      s0, 8(sp)
        lw      s1, 4(sp)
        lw      s2, 0(sp)
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ http_error(a0 req, a1 status)
        .globl  http_error
http_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      s2, 0(sp)
        mv      s0, a0
        mv      s2, a1
        lw      t0, REQ_FLAGS(s0)       # not keep-alive, not HEAD; a message stays one
        andi    t0, t0, REQF_MESSAGE
        sw      t0, REQ_FLAGS(s0)
        mv      a0, a1
        call    http_status_line
        addi    s1, a0, 13              # the reason: after "HTTP/1.1 NNN "
        mv      a0, s1
        call    strlen
        addi    a3, a0, -1              # its length without CR LF, plus "\n"
        mv      a0, s0
        mv      a1, s2
        la      a2, .Lhttp_text_plain
        li      a4, 0
        call    http_begin
        mv      a0, s1
        call    strlen
        addi    a2, a0, -2
        mv      a1, s1
        mv      a0, s0
        call    http_write
        mv      a0, s0
        la      a1, .Lhttp_crlf + 1
        li      a2, 1
        call    http_write
        mv      a0, s0
        call    http_end
        lw      ra, 12(sp)
        lw      s0, 8(sp)
        lw      s1, 4(sp)
        lw      s2, 0(sp)
        addi    sp, sp, 16
        ret

        .section .note.denali           # the gateway sends this guest HTTP messages
        .balign 4
        .word   7, .Lhttp_note_end - .Lhttp_note_desc, 1
        .asciz  "Denali"
        .balign 4
.Lhttp_note_desc:
        .asciz  "http=message"
.Lhttp_note_end:
        .balign 4

        .rodata
        .balign 4
http_proto:                             # the protocol record for net_run (net.inc PROTO_*)
        .word   http_on_data, 0, .Lhttp_refuse, .Lhttp_refuse_end - .Lhttp_refuse
.Lhttp_statuses:
        .word   200, .Lhttp_200, 201, .Lhttp_201, 301, .Lhttp_301, 302, .Lhttp_302
        .word   400, .Lhttp_400, 403, .Lhttp_403, 404, .Lhttp_404, 405, .Lhttp_405
        .word   413, .Lhttp_413, 431, .Lhttp_431, 500, .Lhttp_500, 501, .Lhttp_501
        .word   503, .Lhttp_503, 0
.Lhttp_200:     .asciz "HTTP/1.1 200 OK\r\n"
.Lhttp_201:     .asciz "HTTP/1.1 201 Created\r\n"
.Lhttp_301:     .asciz "HTTP/1.1 301 Moved Permanently\r\n"
.Lhttp_302:     .asciz "HTTP/1.1 302 Found\r\n"
.Lhttp_400:     .asciz "HTTP/1.1 400 Bad Request\r\n"
.Lhttp_403:     .asciz "HTTP/1.1 403 Forbidden\r\n"
.Lhttp_404:     .asciz "HTTP/1.1 404 Not Found\r\n"
.Lhttp_405:     .asciz "HTTP/1.1 405 Method Not Allowed\r\n"
.Lhttp_413:     .asciz "HTTP/1.1 413 Content Too Large\r\n"
.Lhttp_431:     .asciz "HTTP/1.1 431 Request Header Fields Too Large\r\n"
.Lhttp_500:     .asciz "HTTP/1.1 500 Internal Server Error\r\n"
.Lhttp_501:     .asciz "HTTP/1.1 501 Not Implemented\r\n"
.Lhttp_503:     .asciz "HTTP/1.1 503 Service Unavailable\r\n"
.Lhttp_refuse:  .ascii "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                .ascii "Content-Length: 20\r\nConnection: close\r\n\r\nService Unavailable\n"
.Lhttp_refuse_end:
.Lhttp_version: .asciz "HTTP/1."
.Lhttp_head:    .asciz "head"
.Lhttp_host:    .asciz "host"
.Lhttp_content_length: .asciz "content-length"
.Lhttp_connection: .asciz "connection"
.Lhttp_close:   .asciz "close"
.Lhttp_keep_alive: .asciz "keep-alive"
.Lhttp_transfer_encoding: .asciz "transfer-encoding"
.Lhttp_content_type: .asciz "Content-Type: "
.Lhttp_content_length_is: .asciz "Content-Length: "
.Lhttp_connection_close: .asciz "\r\nConnection: close\r\n"
.Lhttp_connection_keep: .asciz "\r\nConnection: keep-alive\r\n"
.Lhttp_crlf:    .asciz "\r\n"
        .globl  http_text_plain
http_text_plain:
.Lhttp_text_plain: .asciz "text/plain"

        .bss
        .balign 4
        .globl  http_req
http_req:
        .space  REQ_SIZE                # the request being handled
http_handler:
        .space  4                       # http_serve's handler
