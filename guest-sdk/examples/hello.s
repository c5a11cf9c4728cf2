# hello.s: an assembly guest built on the SDK's start.s, lib.s and denali.inc.
#
#     bin/denali asm -I guest-sdk/asm -o hello.elf \
#         guest-sdk/asm/start.s guest-sdk/asm/lib.s guest-sdk/examples/hello.s
#     bin/denali run hello.elf              # or: qemu-riscv32 hello.elf
#
# Prints a greeting, a few numbers through lib.s, and exits with status 0.

        .include "denali.inc"

        denali_settings memory=256K, stack=16K, service=hello

        .text
        .globl  main
main:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)

        la      a0, greeting
        call    print

        print_lit "6 * 7 = "
        li      a0, 6
        li      t0, 7
        mul     a0, a0, t0
        call    print_dec
        li      a0, '\n'
        call    print_char

        print_lit "-1 in hex: "
        li      a0, -1
        call    print_hex
        li      a0, '\n'
        call    print_char

        la      a0, greeting            # strlen of the greeting, unsigned
        call    strlen
        mv      s0, a0
        print_lit "the greeting is "
        mv      a0, s0
        call    print_udec
        print_lit " bytes long\n"

        li      a0, 0                   # exit status
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
greeting:
        .asciz  "Hello from a Denali assembly guest!\n"
