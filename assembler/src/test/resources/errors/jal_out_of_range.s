# jal reaches +-1 MiB
	.text
_start:
	jal	ra, far
	.space 0x100000
far:
	ret
