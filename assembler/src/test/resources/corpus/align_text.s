# Alignment directives in .text when the location counter is instruction-aligned:
# GNU as pads code sections with nops (0x00000013), or with the fill byte when one is given.
    .globl _start
_start:
    nop
    .align  3                   # to 8: one nop
    addi    a0, a0, 1
    .p2align 4                  # to 16
    addi    a0, a0, 2
    .balign 16
    addi    a0, a0, 3
    .balign 32
    addi    a0, a0, 4
    .p2align 5
    addi    a0, a0, 5
    .align  2                   # already aligned: nothing
    .p2align 2
    .balign 4
    addi    a0, a0, 6
    .balign 8, 0                # explicit fill byte: zeros, not nops
    addi    a0, a0, 7
    .balign 16, 0xff
    addi    a0, a0, 8
    .p2align 4, 0x5a
    addi    a0, a0, 9
    .p2align 6,,8               # would need more than 8 bytes: skipped
    addi    a0, a0, 10
    .p2align 4,,12              # needs at most 12: done
    addi    a0, a0, 11
    .balignw 16, 0x1234
    addi    a0, a0, 12
    .balignl 16, 0xdeadbeef
    addi    a0, a0, 13
    .p2align 3
    ret
