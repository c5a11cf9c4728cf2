# static.s: serves the files of its virtual disk over HTTP. See README.md for the disk image
# format (built by dev.denali.samples.DiskImage).
#
#     GET /path    -> 200 and the file "path", with a Content-Type from its extension
#     GET /dir/    -> the file "dir/index.html" (and GET / -> "index.html")
#     HEAD         -> the same headers, no body
#     not found    -> 404; other methods -> 405 (Allow: GET, HEAD)
#
# The query (?...) and fragment (#...) of the target are ignored; names are matched exactly (no
# percent-decoding). A file goes out in 4 KiB disk blocks through the 8 KiB output buffer, so a
# large one leaves as many DATA messages.

        .include "http.inc"
        .include "start.s"
        .include "lib.s"
        .include "net.s"
        .include "http.s"

        denali_settings memory=1M, stack=16K, service=static
        net_config flows=32, bufsize=4096, outsize=NET_MTU

# The disk image (README.md): a directory of 64-byte records from block 0, the first a header.
        .equ    DNFS_MAGIC, 0x53464e44  # "DNFS" in memory order
        .equ    DNFS_VERSION, 1
        .equ    DNFS_HDR_VERSION, 4
        .equ    DNFS_HDR_COUNT, 8       # number of files
        .equ    DNFS_ENTRY_SIZE, 64
        .equ    DNFS_NAME_MAX, 55       # name bytes; the 56-byte field is NUL-padded
        .equ    DNFS_ENTRY_FIRST, 56    # first block of the file's data
        .equ    DNFS_ENTRY_LENGTH, 60   # its length in bytes
        .equ    BLOCK, VREG_DISK_BLOCK_SIZE_VALUE

        .text
        .globl  main
main:
        la      a0, serve
        call    http_serve

# ------------------------------------------------------------------ serve(a0 request)
serve:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      s2, 16(sp)
        sw      s3, 12(sp)
        mv      s0, a0
        lw      a0, REQ_METHOD(s0)      # GET or HEAD (http.s sets REQF_HEAD)
        lw      a1, REQ_METHOD_LEN(s0)
        la      a2, m_get
        call    http_ieq
        bnez    a0, 1f
        lw      t0, REQ_FLAGS(s0)
        andi    t0, t0, REQF_HEAD
        bnez    t0, 1f
        mv      a0, s0                  # 405 with an Allow header
        li      a1, 405
        la      a2, http_text_plain
        li      a3, not_allowed_len
        la      a4, allow
        call    http_begin
        mv      a0, s0
        la      a1, not_allowed
        li      a2, not_allowed_len
        call    http_write
        mv      a0, s0
        call    http_end
        j       9f
1:      mv      a0, s0
        call    file_name
        bnez    a0, 2f
        call    find
        bgez    a0, 3f
2:      mv      a0, s0                  # 404
        li      a1, 404
        la      a2, http_text_plain
        la      a3, not_found
        li      a4, not_found_len
        call    http_respond
        j       9f
3:      mv      s1, a0                  # s1 = next block
        mv      s2, a1                  # s2 = bytes left
        la      a0, name
        call    content_type
        mv      a2, a0
        mv      a0, s0
        li      a1, 200
        mv      a3, s2
        li      a4, 0
        call    http_begin
        lw      t0, REQ_FLAGS(s0)
        andi    t0, t0, REQF_HEAD
        bnez    t0, 6f
4:      beqz    s2, 6f
        la      t0, block
        d.disk.read t1, s1, t0
        bnez    t1, 7f
        li      s3, BLOCK               # s3 = min(BLOCK, left)
        bgeu    s2, s3, 5f
        mv      s3, s2
5:      mv      a0, s0
        la      a1, block
        mv      a2, s3
        call    http_write
        sub     s2, s2, s3
        addi    s1, s1, 1
        j       4b
6:      mv      a0, s0
        call    http_end
        j       9f
7:      lw      a0, REQ_SLOT(s0)        # the disk failed mid-file: cut the response short
        call    net_close
9:      lw      ra, 28(sp)
        lw      s0, 24(sp)
        lw      s1, 20(sp)
        lw      s2, 16(sp)
        lw      s3, 12(sp)
        addi    sp, sp, 32
        ret

# ------------------------------------------------------------------ file_name(a0 request)
# The file name the target asks for, NUL-terminated in `name`: leading '/'s dropped, the query
# and fragment cut off, "index.html" appended to an empty name or one ending in '/'.
# a0 = 0, or 1 when the name is longer than DNFS_NAME_MAX.
file_name:
        lw      t0, REQ_TARGET(a0)
        lw      t1, REQ_TARGET_LEN(a0)
        add     t1, t0, t1              # t1 = end of the target
        li      t3, '/'
1:      bgeu    t0, t1, 2f              # skip leading slashes
        lbu     t2, 0(t0)
        bne     t2, t3, 2f
        addi    t0, t0, 1
        j       1b
2:      la      t4, name                # t4 = output cursor
        addi    t5, t4, DNFS_NAME_MAX   # t5 = its limit
3:      bgeu    t0, t1, 4f
        lbu     t2, 0(t0)
        li      t3, '?'
        beq     t2, t3, 4f
        li      t3, '#'
        beq     t2, t3, 4f
        bgeu    t4, t5, 8f
        sb      t2, 0(t4)
        addi    t0, t0, 1
        addi    t4, t4, 1
        j       3b
4:      la      t0, name                # a directory: its index.html
        beq     t4, t0, 5f
        lbu     t2, -1(t4)
        li      t3, '/'
        bne     t2, t3, 7f
5:      la      t0, index_html
6:      lbu     t2, 0(t0)
        beqz    t2, 7f
        bgeu    t4, t5, 8f
        sb      t2, 0(t4)
        addi    t0, t0, 1
        addi    t4, t4, 1
        j       6b
7:      sb      zero, 0(t4)
        li      a0, 0
        ret
8:      li      a0, 1
        ret

# ------------------------------------------------------------------ find()
# Looks `name` up in the disk's directory: a0 = the file's first block and a1 = its length,
# or a0 = -1 when there is no such file (or no disk, or not a DNFS image).
find:
        addi    sp, sp, -16
        sw      s0, 12(sp)
        sw      s1, 8(sp)
        sw      s2, 4(sp)
        vreg_read t0, VREG_DISK_BLOCKS
        beqz    t0, 8f
        la      t1, block
        d.disk.read t0, zero, t1        # block 0: the header
        bnez    t0, 8f
        lw      t0, 0(t1)
        li      t2, DNFS_MAGIC
        bne     t0, t2, 8f
        lw      t0, DNFS_HDR_VERSION(t1)
        li      t2, DNFS_VERSION
        bne     t0, t2, 8f
        lw      s0, DNFS_HDR_COUNT(t1)  # s0 = files
        li      s1, 1                   # s1 = record number (0 is the header)
        li      s2, 0                   # s2 = the directory block in `block`
1:      beqz    s0, 8f
        srli    t0, s1, 6               # 64 records per block
        beq     t0, s2, 2f
        mv      s2, t0
        la      t1, block
        d.disk.read t2, s2, t1
        bnez    t2, 8f
2:      andi    t0, s1, 63
        slli    t0, t0, 6
        la      t1, block
        add     t1, t1, t0              # t1 = the record
        la      t2, name
        mv      t5, t1
3:      lbu     t3, 0(t2)               # compare the NUL-terminated names
        lbu     t4, 0(t5)
        bne     t3, t4, 4f
        beqz    t3, 5f
        addi    t2, t2, 1
        addi    t5, t5, 1
        j       3b
4:      addi    s1, s1, 1
        addi    s0, s0, -1
        j       1b
5:      lw      a0, DNFS_ENTRY_FIRST(t1)
        lw      a1, DNFS_ENTRY_LENGTH(t1)
        j       9f
8:      li      a0, -1
9:      lw      s0, 12(sp)
        lw      s1, 8(sp)
        lw      s2, 4(sp)
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ content_type(a0 name)
# a0 = the Content-Type for the name's extension (after its last '.', in its last segment).
content_type:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      s2, 0(sp)
        li      s0, 0                   # s0 = the extension, 0 = none
        li      t2, '.'
        li      t3, '/'
1:      lbu     t1, 0(a0)
        beqz    t1, 3f
        addi    a0, a0, 1
        bne     t1, t2, 2f
        mv      s0, a0
        j       1b
2:      bne     t1, t3, 1b
        li      s0, 0
        j       1b
3:      la      s2, octet_stream
        beqz    s0, 9f
        sub     s1, a0, s0              # s1 = extension length
        la      s2, types
4:      lw      a2, 0(s2)
        beqz    a2, 8f
        mv      a0, s0
        mv      a1, s1
        call    http_ieq
        bnez    a0, 5f
        addi    s2, s2, 8
        j       4b
5:      lw      s2, 4(s2)
        j       9f
8:      la      s2, octet_stream
9:      mv      a0, s2
        lw      ra, 12(sp)
        lw      s0, 8(sp)
        lw      s1, 4(sp)
        lw      s2, 0(sp)
        addi    sp, sp, 16
        ret

        .rodata
        .balign 4
types:                                  # extension (lowercase), Content-Type
        .word   e_html, t_html, e_htm, t_html, e_txt, t_txt, e_css, t_css, e_js, t_js
        .word   e_mjs, t_js, e_json, t_json, e_png, t_png, e_svg, t_svg, e_jpg, t_jpg
        .word   e_jpeg, t_jpg, e_gif, t_gif, e_ico, t_ico, e_webp, t_webp, e_wasm, t_wasm
        .word   e_xml, t_xml, e_pdf, t_pdf, e_md, t_md, 0
e_html: .asciz  "html"
e_htm:  .asciz  "htm"
e_txt:  .asciz  "txt"
e_css:  .asciz  "css"
e_js:   .asciz  "js"
e_mjs:  .asciz  "mjs"
e_json: .asciz  "json"
e_png:  .asciz  "png"
e_svg:  .asciz  "svg"
e_jpg:  .asciz  "jpg"
e_jpeg: .asciz  "jpeg"
e_gif:  .asciz  "gif"
e_ico:  .asciz  "ico"
e_webp: .asciz  "webp"
e_wasm: .asciz  "wasm"
e_xml:  .asciz  "xml"
e_pdf:  .asciz  "pdf"
e_md:   .asciz  "md"
t_html: .asciz  "text/html; charset=utf-8"
t_txt:  .asciz  "text/plain; charset=utf-8"
t_css:  .asciz  "text/css; charset=utf-8"
t_js:   .asciz  "text/javascript; charset=utf-8"
t_json: .asciz  "application/json"
t_png:  .asciz  "image/png"
t_svg:  .asciz  "image/svg+xml"
t_jpg:  .asciz  "image/jpeg"
t_gif:  .asciz  "image/gif"
t_ico:  .asciz  "image/x-icon"
t_webp: .asciz  "image/webp"
t_wasm: .asciz  "application/wasm"
t_xml:  .asciz  "application/xml"
t_pdf:  .asciz  "application/pdf"
t_md:   .asciz  "text/markdown; charset=utf-8"
octet_stream: .asciz "application/octet-stream"
m_get:  .asciz  "get"
index_html: .asciz "index.html"
allow:  .asciz  "Allow: GET, HEAD\r\n"
not_allowed:
        .ascii  "Method Not Allowed\n"
        .equ    not_allowed_len, . - not_allowed
not_found:
        .ascii  "Not Found\n"
        .equ    not_found_len, . - not_found

        .bss
        .balign 16
block:  .space  BLOCK                   # a disk block: the directory, or a file's data
name:   .space  DNFS_NAME_MAX + 1       # the file name a request asks for
