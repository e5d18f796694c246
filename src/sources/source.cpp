#include "versiond/sources/source.hpp"

namespace versiond::sources {

LookupResult LookupResult::failed(FailureKind kind, std::string message, std::string detail) {
  LookupResult r;
  r.failure = Failure{kind, std::move(message), std::move(detail)};
  return r;
}

}  // namespace versiond::sources
