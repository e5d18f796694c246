#include "versiond/sources/source.hpp"

namespace versiond::sources {

const char* to_string(LookupStatus status) noexcept {
  switch (status) {
    case LookupStatus::ok: return "ok";
    case LookupStatus::not_found: return "not found";
    case LookupStatus::timeout: return "timeout";
    case LookupStatus::rate_limited: return "rate limited";
    case LookupStatus::network_error: return "network error";
    case LookupStatus::bad_response: return "bad response";
    case LookupStatus::unsupported: return "unsupported";
    case LookupStatus::offline: return "offline";
  }
  return "unknown";
}

}  // namespace versiond::sources
