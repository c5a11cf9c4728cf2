# a directive GNU as does not know either
	.text
_start:
	.frobnicate 3
	nop
