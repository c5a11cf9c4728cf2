# .macro with positional and named arguments, defaults, \arg, nesting, .rept/.endr, \@.
    .globl _start
    .macro  push reg
    addi    sp, sp, -4
    sw      \reg, 0(sp)
    .endm

    .macro  pop reg
    lw      \reg, 0(sp)
    addi    sp, sp, 4
    .endm

    .macro  addk rd, rs, k=1
    addi    \rd, \rs, \k
    .endm

    .macro  load_pair a, b, base=sp, off=0
    lw      \a, \off(\base)
    lw      \b, \off+4(\base)
    .endm

    .macro  save_all
    push    ra
    push    s0
    push    s1
    .endm

    .macro  count_down reg, n
    li      \reg, \n
1:  addi    \reg, \reg, -1
    bnez    \reg, 1b
    .endm

_start:
    push    a0
    pop     a1
    addk    a2, a3
    addk    a2, a3, 5
    addk    rd=t0, rs=t1, k=-7
    addk    a4, a5, k=100
    load_pair a0, a1
    load_pair a2, a3, s0
    load_pair a4, a5, base=gp, off=16
    load_pair t0, t1, off=-8
    save_all
    count_down t2, 5
    count_down t3, 3
    .rept   4
    nop
    .endr
    .rept   3
    addi    a0, a0, 1
    slli    a0, a0, 1
    .endr
    .rept   0
    ebreak
    .endr
