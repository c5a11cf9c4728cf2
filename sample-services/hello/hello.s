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

# hello(a0 = request): the handler http_serve calls for each request. The body is the same for
# every request of a VM, so it is built once (and again should the VM's id ever differ from
# the one it was built for).
hello:
        vreg_read t0, VREG_VM_ID
        lw      t1, body_vm
        bne     t0, t1, build
answer:
        li      a1, 200
        la      a2, http_text_plain
        la      a3, body
        lw      a4, body_len
        tail    http_respond            # a0 = the request, as it came

# build(a0 = request): writes "Hello from Denali VM <id>\n" to body, then answers.
build:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        sw      t0, body_vm, t1
        la      a0, body
        la      a1, greeting
        li      a2, greeting_len
        call    memcpy
        vreg_read a0, VREG_VM_ID
        la      a1, body + greeting_len
        li      a2, 10
        call    utoa                    # a0 = digits
        la      t0, body + greeting_len
        add     t0, t0, a0
        li      t1, '\n'
        sb      t1, 0(t0)
        addi    a0, a0, greeting_len + 1
        sw      a0, body_len, t1
        mv      a0, s0
        lw      ra, 12(sp)
        lw      s0, 8(sp)
        addi    sp, sp, 16
        j       answer

        .rodata
greeting:
        .ascii  "Hello from Denali VM "
        .equ    greeting_len, . - greeting

        .data
body_vm:
        .word   -1                      # no VM has this id: the first request builds the body
        .bss
body_len:
        .space  4
body:
        .space  greeting_len + 12       # the greeting, 10 digits at most, the newline, a NUL
