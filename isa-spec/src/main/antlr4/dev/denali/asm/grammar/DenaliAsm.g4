/*
 * The Denali assembly language: GNU as syntax for RV32IM plus Denali's virtual instructions.
 *
 * This grammar describes one source file after macro and .rept expansion (the assembler's
 * preprocessor expands .macro, .rept, .irp, .if and .include textually, as GNU as does). A
 * statement is a directive, an instruction, a pseudo-instruction or a macro call; all have the
 * same shape, a name followed by comma-separated operands, and the assembler gives the operands
 * their meaning from the instruction table. See isa-spec/README.md, "Assembly language".
 */
grammar DenaliAsm;

program
    : line* EOF
    ;

line
    : label* statement? terminator
    ;

terminator
    : NEWLINE
    | SEMI
    ;

label
    : LABEL
    ;

/* An operand may be left empty, as in ".p2align 3,,4" (the fill is omitted). */
statement
    : name=IDENT EQUALS expr                          # assignment
    | name=IDENT operand? (COMMA operand?)*           # operation
    ;

operand
    : STRING                                          # stringOperand
    | IDENT EQUALS expr                               # namedOperand
    | expr (LPAREN expr RPAREN)?                      # exprOperand
    ;

/*
 * Precedence as GNU as defines it, loosest first: && ||; then + - and the comparisons
 * == != <> < > <= >= (true is -1); then | & ^ ! ("or not"); then * / % << >>; then the unary
 * operators - + ~ !. Operators of one level group left to right. Written as one rule per level
 * (not left-recursive) so that every decision is LL(1).
 */
expr
    : additive (logop+=(ANDAND | OROR) additive)*
    ;

additive
    : bitwise (addop+=(PLUS | MINUS | EQEQ | NOTEQ | LT | GT | LE | GE) bitwise)*
    ;

bitwise
    : term (bitop+=(PIPE | AMP | CARET | BANG) term)*
    ;

term
    : unary (mulop+=(STAR | SLASH | PERCENT | SHL | SHR) unary)*
    ;

unary
    : op=(MINUS | PLUS | TILDE | BANG) unary          # prefixed
    | primary                                         # plain
    ;

primary
    : LPAREN expr RPAREN                              # parens
    | RELOC LPAREN expr RPAREN                        # relocation
    | NUMBER                                          # number
    | CHAR                                            # character
    | LOCAL_REF                                       # localRef
    | IDENT                                           # symbol
    | RELOC                                           # percentWord
    ;

// ---------------------------------------------------------------------------------------------
// Lexer

LABEL       : (IDENT_TEXT | DIGIT+) WS_CHAR* ':' ;
RELOC       : '%' [a-z_]+ ;
LOCAL_REF   : DIGIT+ [bfBF] ;
NUMBER      : '0' [xX] HEX+
            | '0' [bB] [01]+
            | DIGIT+
            ;
CHAR        : '\'' (ESCAPE | ~[\\\r\n]) '\''? ;
STRING      : '"' (ESCAPE | ~["\\\r\n])* '"' ;
/* A string without its closing quote: a token of its own, so the error can say so. */
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])* ;
IDENT       : IDENT_TEXT ;

EQUALS      : '=' ;
COMMA       : ',' ;
SEMI        : ';' ;
LPAREN      : '(' ;
RPAREN      : ')' ;
PLUS        : '+' ;
MINUS       : '-' ;
STAR        : '*' ;
SLASH       : '/' ;
PERCENT     : '%' ;
SHL         : '<<' ;
SHR         : '>>' ;
EQEQ        : '==' ;
NOTEQ       : '!=' | '<>' ;
LE          : '<=' ;
GE          : '>=' ;
LT          : '<' ;
GT          : '>' ;
ANDAND      : '&&' ;
OROR        : '||' ;
AMP         : '&' ;
PIPE        : '|' ;
CARET       : '^' ;
TILDE       : '~' ;
BANG        : '!' ;

NEWLINE       : '\r'? '\n' ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
LINE_COMMENT  : ('#' | '//') ~[\r\n]* -> skip ;
WS            : WS_CHAR+ -> skip ;

/* Anything else is one token the parser rejects, so that the error names it. */
ERROR_CHAR  : . ;

fragment IDENT_TEXT : [a-zA-Z_.$@] [a-zA-Z0-9_.$@]* ;
fragment DIGIT      : [0-9] ;
fragment HEX        : [0-9a-fA-F] ;
fragment ESCAPE     : '\\' . ;
fragment WS_CHAR    : [ \t\f] ;
