# an include file that does not exist
	.include "no_such_file.inc"
	.text
_start:
	nop
