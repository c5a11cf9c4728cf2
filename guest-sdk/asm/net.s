# net.s: networking for assembly guests (the flow messages of the ISA manual, "Network messages").
#
#     .include "net.inc"
#     net_config flows=32, bufsize=1024, outsize=2048
#     ... la a0, my_protocol; call net_run         (never returns)
#
# Needs lib.s (memcpy). Calling convention: the ilp32 ABI, as lib.s: arguments in a0..a2, the
# result in a0; each routine may change ra, t0..t6 and a0..a7 and preserves sp and s0..s11.
#
# Flows live in a fixed table of slots (net_config's flows): OPEN takes a free slot, or, when
# none is free, the flow is refused (the protocol's refusal bytes, then CLOSE); CLOSE from the
# client frees the slot. DATA payloads are appended to the slot's buffer and the protocol's
# on_data consumes whole units (requests) from its start; net_run moves the rest down. A
# payload larger than the free room goes in as pieces, on_data being called after each. A
# payload that fits an empty buffer (one whole request, usually) is not copied: on_data reads
# it where d.net.recv put it (FLOW_BUF points there during the call), and only what it leaves
# is copied to the slot's buffer.
#
#   routine                        does                                            returns (a0)
#   net_run(proto)                 the receive loop: drains d.net.recv until       never returns
#                                  -EAGAIN, dispatches OPEN/DATA/CLOSE, flushes
#                                  the output after each DATA, then d.idle forever
#   net_find(flow id)              the open slot of a flow                         slot or 0
#   net_write(slot, ptr, len)      queues bytes for the flow: the output buffer    0 or -errno
#                                  goes out as DATA messages of at most outsize
#                                  bytes, so any length is split at the MTU
#   net_flush()                    sends the queued output now                     0 or -errno
#   net_write_str(slot, s)         net_write of a NUL-terminated string            0 or -errno
#   net_reserve(slot, n)           n bytes of the output buffer for the flow, to   pointer or 0
#                                  fill in place (0: they do not fit now)
#   net_send_data(slot, ptr, len)  net_write, then net_flush                       0 or -errno
#   net_close(slot)                flushes the flow's output, sends CLOSE, frees   0 or -errno
#                                  the slot (its later messages are ignored)
#   net_send(msg, len)             d.net.send, waiting while it says -EAGAIN       0 or -errno
#
# The protocol record (PROTO_*, net.inc): on_data(a0 = slot) returns the number of bytes it
# consumed from the start of the slot's buffer (FLOW_BUF, FLOW_FILL bytes); it may call
# net_write and net_close (then net_run stops feeding that flow). A protocol that consumes
# nothing from a full buffer gets the flow closed. on_close(a0 = slot) hears of a client's
# CLOSE before the slot is freed.

        .include "net.inc"

        .text

# ------------------------------------------------------------------ net_run(a0 proto)
        .globl  net_run
net_run:
        mv      s0, a0                  # s0 = protocol
        la      s1, net_cfg             # s1 = configuration
        lw      s2, NETCFG_RX(s1)       # s2 = receive buffer
.Lnet_recv:
        li      t0, NET_MTU
        d.net.recv a0, s2, t0
        bgez    a0, .Lnet_message
        call    net_flush               # nothing pending: wait for the next message
        li      t0, IDLE_FOREVER
        d.idle  t0, t0
        j       .Lnet_recv
.Lnet_message:
        li      t0, NET_HEADER_BYTES
        bltu    a0, t0, .Lnet_recv      # shorter than a header: not a message of ours
        addi    s3, a0, -NET_HEADER_BYTES # s3 = payload bytes left
        addi    s4, s2, NET_HEADER_BYTES  # s4 = payload cursor
        lbu     t1, NET_KIND_OFFSET(s2)
        lw      s5, NET_FLOW_OFFSET(s2) # s5 = flow id
        li      t0, NET_DATA
        beq     t1, t0, .Lnet_data
        li      t0, NET_OPEN
        beq     t1, t0, .Lnet_open
        li      t0, NET_CLOSE
        beq     t1, t0, .Lnet_closed
        j       .Lnet_recv              # unknown kind: ignored

.Lnet_open:
        mv      a0, s5
        call    net_alloc
        bnez    a0, .Lnet_recv
        la      s6, net_refused         # no free slot: refuse through a slot of its own
        sw      s5, FLOW_ID(s6)
        li      t0, 1
        sw      t0, FLOW_STATE(s6)
        lw      a1, PROTO_REFUSE(s0)
        beqz    a1, 1f
        mv      a0, s6
        lw      a2, PROTO_REFUSE_LEN(s0)
        call    net_write
1:      mv      a0, s6
        call    net_close
        j       .Lnet_recv

.Lnet_closed:
        mv      a0, s5
        call    net_find
        beqz    a0, .Lnet_recv          # refused or already closed by us
        mv      s6, a0
        lw      t0, PROTO_ON_CLOSE(s0)
        beqz    t0, 1f
        jalr    t0
1:      sw      zero, FLOW_STATE(s6)    # the client is gone: nothing to send it
        la      t0, net_out_slot
        lw      t1, 0(t0)
        bne     t1, s6, .Lnet_recv
        sw      zero, 0(t0)             # drop output still queued for it
        li      t1, NET_HEADER_BYTES
        sw      t1, net_out_fill, t0
        j       .Lnet_recv

.Lnet_data:
        mv      a0, s5
        call    net_find
        beqz    a0, .Lnet_recv          # not an open flow (refused, or closed by us): dropped
        mv      s6, a0                  # s6 = slot
        lw      t0, FLOW_FILL(s6)       # an empty buffer and a payload that fits it: the
        bnez    t0, .Lnet_feed          # protocol reads the payload where it arrived, and
        lw      t1, NETCFG_BUFSIZE(s1)  # only what it leaves is copied to the slot's buffer
        bltu    t1, s3, .Lnet_feed
        lw      s7, FLOW_BUF(s6)        # s7 = the slot's own buffer
        sw      s4, FLOW_BUF(s6)
        sw      s3, FLOW_FILL(s6)
        mv      a0, s6
        lw      t0, PROTO_ON_DATA(s0)
        jalr    t0
        sw      s7, FLOW_BUF(s6)
        lw      t0, FLOW_STATE(s6)
        beqz    t0, .Lnet_done          # the protocol closed the flow
        sub     a2, s3, a0              # a2 = bytes it left
        sw      a2, FLOW_FILL(s6)
        beqz    a2, .Lnet_done
        add     a1, s4, a0
        mv      a0, s7
        call    memcpy
        j       .Lnet_done
.Lnet_feed:
        lw      t0, FLOW_FILL(s6)
        lw      t1, NETCFG_BUFSIZE(s1)
        sub     s7, t1, t0              # s7 = bytes that go in now: min(room, left)
        bgeu    s3, s7, 1f
        mv      s7, s3
1:      lw      a0, FLOW_BUF(s6)
        add     a0, a0, t0
        mv      a1, s4
        mv      a2, s7
        call    memcpy
        lw      t0, FLOW_FILL(s6)
        add     t0, t0, s7
        sw      t0, FLOW_FILL(s6)
        add     s4, s4, s7
        sub     s3, s3, s7
        mv      a0, s6
        lw      t0, PROTO_ON_DATA(s0)
        jalr    t0
        lw      t0, FLOW_STATE(s6)
        beqz    t0, .Lnet_done          # the protocol closed the flow
        mv      s8, a0                  # s8 = bytes consumed
        beqz    s8, 2f
        lw      a2, FLOW_FILL(s6)       # move the rest to the start of the buffer
        sub     a2, a2, s8
        sw      a2, FLOW_FILL(s6)
        lw      a0, FLOW_BUF(s6)
        add     a1, a0, s8
        call    net_move_down
2:      beqz    s3, .Lnet_done
        bnez    s7, .Lnet_feed
        bnez    s8, .Lnet_feed
        mv      a0, s6                  # a full buffer the protocol cannot consume: give up
        call    net_close
.Lnet_done:
        call    net_flush
        j       .Lnet_recv

# ------------------------------------------------------------------ net_move_down(a0 dst, a1 src, a2 n)
# Copies n bytes forward, so dst < src may overlap.
net_move_down:
1:      beqz    a2, 2f
        lbu     t0, 0(a1)
        sb      t0, 0(a0)
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       1b
2:      ret

# ------------------------------------------------------------------ net_find(a0 flow id)
        .globl  net_find
net_find:
        la      t0, net_cfg
        lw      t1, NETCFG_FLOWS(t0)
        lw      t2, NETCFG_SLOTS(t0)
1:      beqz    t1, 3f
        lw      t3, FLOW_STATE(t2)
        beqz    t3, 2f
        lw      t3, FLOW_ID(t2)
        beq     t3, a0, 4f
2:      addi    t2, t2, FLOW_SIZE
        addi    t1, t1, -1
        j       1b
3:      li      a0, 0
        ret
4:      mv      a0, t2
        ret

# ------------------------------------------------------------------ net_alloc(a0 flow id)
# Takes a free slot for the flow: a0 = the slot (empty buffer), or 0 when all are in use.
        .globl  net_alloc
net_alloc:
        la      t0, net_cfg
        lw      t1, NETCFG_FLOWS(t0)
        lw      t2, NETCFG_SLOTS(t0)
        lw      t4, NETCFG_BUFS(t0)
        lw      t5, NETCFG_BUFSIZE(t0)
1:      beqz    t1, 3f
        lw      t3, FLOW_STATE(t2)
        beqz    t3, 4f
        addi    t2, t2, FLOW_SIZE
        add     t4, t4, t5
        addi    t1, t1, -1
        j       1b
3:      li      a0, 0
        ret
4:      sw      a0, FLOW_ID(t2)
        li      t3, 1
        sw      t3, FLOW_STATE(t2)
        sw      zero, FLOW_FILL(t2)
        sw      t4, FLOW_BUF(t2)
        mv      a0, t2
        ret

# ------------------------------------------------------------------ net_send(a0 msg, a1 len)
# d.net.send; while the transmit queue is full (-EAGAIN) it waits a millisecond and retries.
        .globl  net_send
net_send:
1:      d.net.send t0, a0, a1
        li      t1, -EAGAIN
        bne     t0, t1, 2f
        li      t2, 1000
        d.idle  t2, t2
        j       1b
2:      mv      a0, t0
        ret

# ------------------------------------------------------------------ net_flush()
        .globl  net_flush
net_flush:
        la      t0, net_out_fill
        lw      a1, 0(t0)               # a1 = message length
        li      t1, NET_HEADER_BYTES
        bgeu    t1, a1, 9f              # no payload queued
        sw      t1, 0(t0)
        la      t2, net_out_slot
        lw      t2, 0(t2)
        lw      t3, FLOW_ID(t2)
        la      t0, net_cfg
        lw      a0, NETCFG_OUT(t0)
        li      t1, NET_DATA            # the header: kind, three zero bytes, flow id
        sw      t1, 0(a0)
        sw      t3, NET_FLOW_OFFSET(a0)
        j       net_send
9:      li      a0, 0
        ret

# ------------------------------------------------------------------ net_write(a0 slot, a1 ptr, a2 len)
        .globl  net_write
net_write:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      s2, 16(sp)
        sw      s3, 12(sp)
        mv      s0, a0
        mv      s1, a1
        mv      s2, a2
        call    net_own
1:      li      a0, 0
        beqz    s2, 9f
        la      t0, net_cfg
        lw      t1, NETCFG_OUTSIZE(t0)
        lw      a0, NETCFG_OUT(t0)
        lw      t3, net_out_fill
        sub     s3, t1, t3              # s3 = room
        bnez    s3, 2f
        call    net_flush               # full: send it
        bltz    a0, 9f
        j       1b
2:      bgeu    s2, s3, 3f
        mv      s3, s2                  # s3 = min(room, len)
3:      add     a0, a0, t3
        mv      a1, s1
        mv      a2, s3
        call    memcpy
        lw      t3, net_out_fill
        add     t3, t3, s3
        sw      t3, net_out_fill, t0
        add     s1, s1, s3
        sub     s2, s2, s3
        j       1b
9:      lw      ra, 28(sp)
        lw      s0, 24(sp)
        lw      s1, 20(sp)
        lw      s2, 16(sp)
        lw      s3, 12(sp)
        addi    sp, sp, 32
        ret

# ------------------------------------------------------------------ net_reserve(a0 slot, a1 n)
        .globl  net_reserve
net_reserve:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        call    net_own
        lw      a1, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        la      t0, net_cfg
        lw      t1, NETCFG_OUTSIZE(t0)
        lw      t3, net_out_fill
        sub     t1, t1, t3              # t1 = room
        bltu    t1, a1, 1f
        add     t2, t3, a1
        sw      t2, net_out_fill, t4
        lw      a0, NETCFG_OUT(t0)
        add     a0, a0, t3
        ret
1:      li      a0, 0
        ret

# ------------------------------------------------------------------ net_own(a0 slot)
# Makes the output buffer the slot's: another flow's queued output goes out first.
net_own:
        la      t0, net_out_slot
        lw      t1, 0(t0)
        beq     t1, a0, 1f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    net_flush
        lw      a0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        sw      a0, net_out_slot, t0
        li      t1, NET_HEADER_BYTES
        sw      t1, net_out_fill, t0
1:      ret

# ------------------------------------------------------------------ net_write_str(a0 slot, a1 s)
# net_write of a NUL-terminated string, copied straight into the output buffer.
        .globl  net_write_str
net_write_str:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s1, 8(sp)
        mv      s1, a1
        call    net_own
1:      la      t0, net_cfg
        lw      t2, NETCFG_OUT(t0)
        lw      t5, NETCFG_OUTSIZE(t0)
        add     t5, t2, t5              # t5 = end of the buffer
        lw      t4, net_out_fill
        add     t4, t2, t4              # t4 = where the next byte goes
2:      lbu     t6, 0(s1)
        beqz    t6, 3f
        beq     t4, t5, 4f
        sb      t6, 0(t4)
        addi    t4, t4, 1
        addi    s1, s1, 1
        j       2b
3:      sub     t4, t4, t2
        sw      t4, net_out_fill, t0
        li      a0, 0
        j       9f
4:      sub     t4, t4, t2              # full: send it, then go on
        sw      t4, net_out_fill, t0
        call    net_flush
        bgez    a0, 1b
9:      lw      ra, 12(sp)
        lw      s1, 8(sp)
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ net_send_data(a0 slot, a1 ptr, a2 len)
        .globl  net_send_data
net_send_data:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    net_write
        bltz    a0, 1f
        call    net_flush
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ net_close(a0 slot)
        .globl  net_close
net_close:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        la      t0, net_out_slot
        lw      t1, 0(t0)
        bne     t1, s0, 1f
        call    net_flush               # its queued output goes before the CLOSE
        sw      zero, net_out_slot, t0
1:      li      t0, NET_CLOSE
        sw      t0, 0(sp)
        lw      t0, FLOW_ID(s0)
        sw      t0, NET_FLOW_OFFSET(sp)
        sw      zero, FLOW_STATE(s0)
        mv      a0, sp
        li      a1, NET_HEADER_BYTES
        call    net_send
        lw      ra, 12(sp)
        lw      s0, 8(sp)
        addi    sp, sp, 16
        ret

        .bss
        .balign 4
net_out_slot:
        .space  4                       # the slot whose bytes the output buffer holds, or 0
net_out_fill:
        .space  4                       # bytes in the output buffer, header included
net_refused:
        .space  FLOW_SIZE               # the slot a refused flow borrows for its answer
