# a string without its closing quote
	.text
_start:
	ret
	.data
msg:	.ascii "hello
