# .bss holds only zeros
	.text
_start:
	ret
	.bss
buf:
	.word	5
