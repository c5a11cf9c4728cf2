# Surface syntax: comments, statement separators, labels sharing a line, spacing, register
# aliases (fp = s0, x-names), operand spacing, upper-case mnemonics.
    .text
    .globl  _start
    .globl  other ; .type other, @function
_start: addi a0,a0,1            # no spaces after commas
label2:label3:  addi    a1 , a1 , 2     # spaces before commas
    addi	a2,	a2,	3       # tabs
    /* a C-style comment */ addi a3, a3, 4
    /* a comment
       over several lines */
    nop ; nop ; addi a4, a4, 5  # three statements on one line
    mv      fp, s0
    mv      x8, fp
    lw      a5,0(sp)
    lw      a6, 0 ( sp )
    sw      a7,-4( sp)
.L_local_name:
other:
    j       .L_local_name
    .word   0x13                # a nop written as data
    ADDI    a0, a0, 1           # mnemonics are case-insensitive (register names are not)
    Nop
    .section .text
    addi    t0, t0, -1
    .text
    ret
