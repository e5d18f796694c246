#include "scan/settings.hpp"

namespace versiond::scan {

sources::LookupOptions lookup_options(const config::Config& config) {
  sources::LookupOptions o;
  o.workers = static_cast<std::size_t>(config.http.concurrency.total);
  return o;
}

}  // namespace versiond::scan
