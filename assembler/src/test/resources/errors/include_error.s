# an error inside an included file names that file
	.text
_start:
	.include "include_error_b.inc"
	ret
