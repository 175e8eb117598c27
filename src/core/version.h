/* version.h - the release this library is: one version string, set in CMakeLists.txt's
 * project() and nowhere else. The store's schema version is store/'s (sg_schema_latest). */
#ifndef SG_VERSION_H
#define SG_VERSION_H

/* "MAJOR.MINOR.PATCH", e.g. "0.2.0". */
const char *sg_version(void);

#endif
