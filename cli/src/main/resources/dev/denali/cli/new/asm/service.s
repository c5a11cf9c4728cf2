# @NAME@: an HTTP service in Denali assembly (made by `denali new asm @NAME@`).
#
#     denali serve @NAME@.s            # then: curl -H 'Host: @NAME@' http://localhost:8080/
#     denali asm @NAME@.s              # -> @NAME@.elf, to deploy or run elsewhere
#
# The .include files are the guest SDK's (guest-sdk/README.md): denali finds them itself.

        .include "http.inc"
        .include "start.s"              # _start: calls main
        .include "lib.s"                # memcpy, strlen, utoa, print
        .include "net.s"                # the flow table and the receive loop
        .include "http.s"               # the request parser and the response writer

        denali_settings memory=128K, stack=8K, service=@NAME@
        net_config flows=32, bufsize=1024, outsize=2048

        .text
        .globl  main
main:
        la      a0, handle
        call    http_serve              # never returns

# handle(a0 = request): called once for each request.
handle:
        li      a1, 200
        la      a2, http_text_plain
        la      a3, body
        li      a4, body_len
        tail    http_respond

        .rodata
body:   .ascii  "Hello from @NAME@\n"
        .equ    body_len, . - body
