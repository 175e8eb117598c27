/* version.c - the release string, passed in by the build (SG_VERSION_STRING). */
#include "core/version.h"

#ifndef SG_VERSION_STRING
#error "SG_VERSION_STRING must be defined by the build (CMakeLists.txt)"
#endif

const char *sg_version(void)
{
    return SG_VERSION_STRING;
}
