# Conditional assembly and repetition: .if/.elseif/.else/.endif, .ifdef/.ifndef, .irp, .irpc,
# nested .rept, and a macro that tests its argument with .if.
    .globl _start
    .equ    LEVEL, 2
    .equ    FLAG, 0
_start:
    .if LEVEL == 1
    addi    a0, a0, 1
    .elseif LEVEL == 2
    addi    a0, a0, 2
    .else
    addi    a0, a0, 3
    .endif

    .if FLAG
    ebreak
    .else
    nop
    .endif

    .ifdef LEVEL
    addi    a1, a1, LEVEL
    .endif
    .ifndef UNDEFINED_THING
    addi    a2, a2, 1
    .endif
    .ifdef UNDEFINED_THING
    ebreak
    .endif

    .if LEVEL > 1 && FLAG == 0
    addi    a3, a3, 1
    .endif

    .irp    reg, a4, a5, t0
    addi    \reg, \reg, -1
    .endr

    .irpc   digit, 137
    addi    t1, t1, \digit
    .endr

    .rept   2
    .rept   2
    addi    t2, t2, 1
    .endr
    nop
    .endr

    .macro  add_n reg, n
    .if \n > 0
    addi    \reg, \reg, \n
    .else
    sub     \reg, zero, \reg
    .endif
    .endm
    add_n   s0, 5
    add_n   s1, 0
    ret
