# man.cmake - writes the manual page safeguard(1) from the CLI's own verb table
# ('safeguard help --man'), and its gzip -9n copy that is installed (Debian compresses man
# pages; -n keeps the bytes the same from build to build).
# Run as: cmake -DSG=path/to/safeguard -DOUT=path/to/safeguard.1 -P man.cmake
execute_process(COMMAND ${SG} help --man OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT})
  message(FATAL_ERROR "safeguard help --man failed (${rc})")
endif()
execute_process(COMMAND gzip -9nc ${OUT} OUTPUT_FILE ${OUT}.gz RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT}.gz)
  message(FATAL_ERROR "gzip of ${OUT} failed (${rc})")
endif()
