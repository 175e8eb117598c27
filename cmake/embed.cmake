# embed.cmake - writes a C file defining `const char SYMBOL[]` with the text of IN, so data files
# under data/ ship inside the library. Usage: cmake -DIN=f -DOUT=f.c -DSYMBOL=name -P embed.cmake
file(READ ${IN} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE ${OUT} "/* Generated from ${IN} by cmake/embed.cmake: do not edit. */\n"
  "extern const char ${SYMBOL}[];\nconst char ${SYMBOL}[] = {${bytes}0x00};\n")
