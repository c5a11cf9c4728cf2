# shifts by a negative count or by 64 or more (GNU as warns and makes them 0)
	.text
_start:
	ret
	.data
	.word	1 << 64
	.quad	-1 >> 64
	.word	1 << -1
