# ticker.s: the smallest kernel citizen. It sleeps 10 ms on d.idle five times, does a little
# work after each wake-up, then prints "tick N" (N: its VM id) and exits with status 0.
# Run ten thousand of them: bin/denali kernel -n 10000 --mem 128K examples/ticker.s
        .equ    VREG_PAGE, 0x1000
        .equ    VREG_VM_ID, 0x0c

        .text
        .globl  _start
_start:
        li      s0, 5                   # wake-ups to go
1:      li      a1, 10000               # timeout: 10,000 microseconds
        d.idle  a0, a1                  # a0 = the interrupt bits that woke it (0: the timeout)
        li      t0, 100                 # a little work
2:      addi    t0, t0, -1
        bnez    t0, 2b
        addi    s0, s0, -1
        bnez    s0, 1b

        la      a0, tick                # "tick "
        li      a1, 5
        d.console.write a0, a0, a1
        li      t0, VREG_PAGE           # the VM id in decimal, written backwards before "\n"
        lw      a0, VREG_VM_ID(t0)
        la      a1, newline
        li      t1, 10
3:      remu    t2, a0, t1
        addi    t2, t2, '0'
        addi    a1, a1, -1
        sb      t2, 0(a1)
        divu    a0, a0, t1
        bnez    a0, 3b
        la      a2, newline + 1
        sub     a2, a2, a1
        d.console.write a0, a1, a2
        d.exit  zero

        .data
tick:   .ascii  "tick "
digits: .space  10
newline: .ascii "\n"
