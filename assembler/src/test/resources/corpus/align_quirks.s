# Alignment in .text after data of odd size: GNU as's own rules, which a compatible assembler
# has to copy to give the same bytes:
#  - without a fill byte, an alignment of 4 or less (.align 2, .p2align 2, .balign 4, and
#    smaller) in a code section emits nothing at all (gas assumes code is already aligned);
#  - a larger alignment first pads to a multiple of 4 with a zero byte and/or a 2-byte c.nop
#    (0x0001; even without the C extension), then with 4-byte nops.
    .globl _start
_start:
    nop
    .byte   1
    .p2align 2                  # nothing
    .byte   2
    .balign 4                   # nothing
    .byte   3
    .align  2                   # nothing
    .byte   4                   # now 4-aligned again by luck
    addi    a0, a0, 1
    .byte   5
    .p2align 3                  # excess 3: 00, c.nop; then nothing (at 8)
    addi    a0, a0, 2
    .byte   6, 7
    .p2align 3                  # excess 2: c.nop; then one nop
    addi    a0, a0, 3
    .byte   8, 9, 10
    .p2align 4                  # excess 1: 00; then nops
    addi    a0, a0, 4
    .half   0x1111
    .balign 4, 0                # explicit fill: pads normally
    addi    a0, a0, 5
    .byte   11
    .balign 8, 0x77
    ret
