# hello.s: the smallest HTTP service. Every request gets
#
#     200 OK, Content-Type: text/plain, "Hello from Denali VM <id>\n"
#
# where <id> is the VM_ID virtual register. See README.md.
#
#     bin/denali asm -I guest-sdk/asm -o hello.elf sample-services/hello/hello.s

        .include "http.inc"
        .include "start.s"              # _start: calls main
        .include "lib.s"                # memcpy, strlen, utoa
        .include "net.s"                # the flow table and the receive loop
        .include "http.s"               # the request parser and the response writer

        denali_settings memory=128K, stack=8K, service=hello
        net_config flows=32, bufsize=1024, outsize=2048

        .text
        .globl  main
main:
        la      a0, hello
        call    http_serve              # never returns

# hello(a0 = request): the handler http_serve calls for each request.
hello:
        addi    sp, sp, -64
        sw      ra, 60(sp)
        sw      s0, 56(sp)
        mv      s0, a0
        la      a1, greeting            # the body, built on the stack
        li      a2, greeting_len
        mv      a0, sp
        call    memcpy
        vreg_read a0, VREG_VM_ID
        addi    a1, sp, greeting_len
        li      a2, 10
        call    utoa                    # a0 = digits
        addi    a4, a0, greeting_len    # a4 = body length
        add     t0, sp, a4
        li      t1, '\n'
        sb      t1, 0(t0)
        addi    a4, a4, 1
        mv      a0, s0
        li      a1, 200
        la      a2, http_text_plain
        mv      a3, sp
        call    http_respond
        lw      ra, 60(sp)
        lw      s0, 56(sp)
        addi    sp, sp, 64
        ret

        .rodata
greeting:
        .ascii  "Hello from Denali VM "
        .equ    greeting_len, . - greeting
