// Shared helper of the extract suite.
#pragma once

#include <string>

#include "versiond/core/error.hpp"

namespace versiond::test {

// The message of the versiond::Error that `run` throws, or "" when it throws none.
template <class Run>
std::string error_message(Run&& run) {
  try {
    run();
  } catch (const versiond::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace versiond::test
