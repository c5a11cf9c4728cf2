# .byte holds -128..255
	.text
_start:
	ret
	.data
	.byte	1, 256
