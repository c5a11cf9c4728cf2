# .macro never closed
	.macro twice x
	.word \x
	.word \x
	.text
_start:
	nop
