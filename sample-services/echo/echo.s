# echo.s: answers every request with what the parser made of it, for testing http.s and as an
# example of reading the request record:
#
#     200 OK, text/plain, "METHOD TARGET HOST\n" then the request's body
#
# HOST is the Host header's value (empty without one). A request (head and body) may take up to
# 17 KiB, so bodies of 16 KiB fit; a larger one is answered 413. See README.md.

        .include "http.inc"
        .include "start.s"
        .include "lib.s"
        .include "net.s"
        .include "http.s"

        denali_settings memory=1M, stack=16K, service=echo
        net_config flows=32, bufsize=17408, outsize=NET_MTU

        .text
        .globl  main
main:
        la      a0, echo
        call    http_serve

# echo(a0 = request)
echo:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lw      a3, REQ_METHOD_LEN(s0)  # length: method, target, host, 3 separators, body
        lw      t0, REQ_TARGET_LEN(s0)
        add     a3, a3, t0
        lw      t0, REQ_HOST_LEN(s0)
        add     a3, a3, t0
        lw      t0, REQ_BODY_LEN(s0)
        add     a3, a3, t0
        addi    a3, a3, 3
        li      a1, 200
        la      a2, http_text_plain
        li      a4, 0
        call    http_begin
        mv      a0, s0
        lw      a1, REQ_METHOD(s0)
        lw      a2, REQ_METHOD_LEN(s0)
        call    http_write
        mv      a0, s0
        la      a1, separators
        li      a2, 1
        call    http_write
        mv      a0, s0
        lw      a1, REQ_TARGET(s0)
        lw      a2, REQ_TARGET_LEN(s0)
        call    http_write
        mv      a0, s0
        la      a1, separators
        li      a2, 1
        call    http_write
        mv      a0, s0
        lw      a1, REQ_HOST(s0)
        lw      a2, REQ_HOST_LEN(s0)
        call    http_write
        mv      a0, s0
        la      a1, separators + 1
        li      a2, 1
        call    http_write
        mv      a0, s0
        lw      a1, REQ_BODY(s0)
        lw      a2, REQ_BODY_LEN(s0)
        call    http_write
        mv      a0, s0
        call    http_end
        lw      ra, 12(sp)
        lw      s0, 8(sp)
        addi    sp, sp, 16
        ret

        .rodata
separators:
        .ascii  " \n"
