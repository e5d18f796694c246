// Builds the Component for an image reference found in YAML.
#pragma once

#include <string>

#include "versiond/extract/component.hpp"

namespace versiond::extract {

// `ref` as written ("nats:2.4-alpine"); unparseable references still yield a
// component, with skip_reason saying why it cannot be looked up.
Component image_component(const std::string& ref, PinKind kind, const std::string& file, int line);

}  // namespace versiond::extract
