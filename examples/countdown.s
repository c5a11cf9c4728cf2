# countdown.s: prints 5 4 3 2 1 liftoff, one per line, using a macro, a loop with numeric local
# labels and a subroutine; exits with status 0.
        .equ    SYS_WRITE, 64
        .equ    SYS_EXIT, 93

        # print ADDR, LEN: write LEN bytes at ADDR to stdout
        .macro  print addr, len
        la      a1, \addr
        li      a2, \len
        call    write_stdout
        .endm

        .text
        .globl  _start
_start:
        li      s0, 5
1:      addi    t0, s0, '0'             # the digit as a character
        la      t1, digit
        sb      t0, 0(t1)
        print   digit, 2
        addi    s0, s0, -1
        bnez    s0, 1b
        print   liftoff, liftoff_len
        li      a0, 0
        li      a7, SYS_EXIT
        ecall

write_stdout:                           # a1 = address, a2 = length
        li      a0, 1
        li      a7, SYS_WRITE
        ecall
        ret

        .data
digit:  .ascii  "?\n"
liftoff:
        .ascii  "liftoff\n"
        .equ    liftoff_len, . - liftoff
