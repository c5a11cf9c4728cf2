# GNU as turns a conditional branch whose target is out of the +-4 KiB branch range into the
# inverted branch over a jal ("bne a0, a1, far" -> "beq a0, a1, .+8; jal zero, far"). j/jal
# are never rewritten.
    .globl _start
_start:
    bne     a0, a1, far
    beqz    a2, far
    bltu    a3, a4, far
    .space  8192, 0
far:
    bge     a0, a1, _start
    bgt     a5, a6, _start
    j       _start
