# J-type reach: jal to +1048572 and -1048576 bytes, the ends of its range.
    .globl _start
_start:
    jal     zero, far_fwd           # offset +1048572
    .space  1048568, 0
far_fwd:
    nop
far_back:
    .space  1048576, 0
    jal     ra, far_back            # offset -1048576
