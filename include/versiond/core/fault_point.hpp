// Named crash points for the crash-safety tests. In a build configured with
// VERSIOND_FAULT_POINTS=ON (the test build, scripts/build.sh), reaching the
// point named by the environment variable VERSIOND_FAULT_POINT kills the
// process with SIGKILL, exactly as an OOM kill or a power cut would stop it
// there. "name" fires on the first hit, "name@N" on the Nth. In every other
// build the call is an empty inline function.
#pragma once

#include <string_view>

namespace versiond::core {

#ifdef VERSIOND_FAULT_POINTS
void fault_point(std::string_view name);
#else
inline void fault_point(std::string_view /*name*/) {}
#endif

}  // namespace versiond::core
