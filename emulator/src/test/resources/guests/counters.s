# oracles: gnu
# Self-checking guest: the Zicntr counters. cycle and instret count retired guest
# instructions exactly (so this guest checks exact differences; it cannot run on qemu,
# whose counters are the host's), their high halves are 0 in a short run, and time never
# goes backwards.
# Exits 0 when every check passed, else with the number of the first failed check.

        .macro check num, reg, value     # clobbers t5, t6 and a0
        mv t5, \reg
        li t6, \value
        li a0, \num
        bne t5, t6, fail
        .endm

        .text
        .globl _start
_start:
        rdinstret s11                    # the first instruction: nothing retired before
        rdcycle s10                      # one retired before

        rdinstret s0
        nop
        nop
        nop
        nop
        nop
        rdinstret s1
        sub t0, s1, s0
        check 1, t0, 6

        rdcycle s0
        rdinstret s1
        sub t0, s1, s0
        check 2, t0, 1                   # cycle == instret

        rdcycleh t0
        check 3, t0, 0
        rdinstreth t0
        check 4, t0, 0

        rdinstret s0
        li t0, 100
1:      addi t0, t0, -1
        bnez t0, 1b
        rdinstret s1
        sub t0, s1, s0
        check 5, t0, 202

        rdinstret s0
        call empty
        rdinstret s1
        sub t0, s1, s0
        check 6, t0, 4                   # rdinstret, auipc, jalr, ret

        rdinstret s0
        li a7, 999                       # an unknown service: -ENOSYS, still one instruction
        ecall
        rdinstret s1
        mv s5, a0
        sub t0, s1, s0
        check 7, t0, 3
        check 8, s5, -38

        rdinstret s0                     # a not-taken and a taken branch count once each
        beqz s0, fail
        bnez s0, 2f
        nop
2:      rdinstret s1
        sub t0, s1, s0
        check 9, t0, 3

        check 10, s11, 0
        check 11, s10, 1

        # time: 500 readings of the 64-bit value, each at least the one before
        li s2, 500
        li s3, 0                         # previous high
        li s4, 0                         # previous low
3:      rdtimeh t1
        rdtime t0
        rdtimeh t2
        bne t1, t2, 3b
        li a0, 12
        bltu t1, s3, fail
        bne t1, s3, 4f
        bltu t0, s4, fail
4:      mv s3, t1
        mv s4, t0
        addi s2, s2, -1
        bnez s2, 3b

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

empty:  ret
