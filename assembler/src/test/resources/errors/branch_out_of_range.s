# conditional branches reach -4096..+4094; beyond that they are relaxed to a branch
# over a jal, as GNU as does, which reaches +-1 MiB
	.text
_start:
	beq	a0, a1, near
	beq	a0, a1, far
	.space 4096
near:
	.space 0x100000
far:
	ret
