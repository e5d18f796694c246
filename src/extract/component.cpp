#include "versiond/extract/component.hpp"

namespace versiond {

std::string Component::skip_text() const {
  return skip_detail.empty() ? std::string(to_string(skip)) : skip_detail;
}

void Component::skip_because(SkipReason reason, std::string detail) {
  skip = reason;
  skip_detail = std::move(detail);
}

}  // namespace versiond
