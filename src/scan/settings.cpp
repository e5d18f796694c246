#include "scan/settings.hpp"

#include "versiond/config/http_options.hpp"

namespace versiond::scan {

net::HttpOptions http_options(const config::Config& config) { return config::http_options(config); }

sources::Endpoints endpoints(const config::Config& config) { return config.endpoints; }

sources::LookupOptions lookup_options(const config::Config& config) {
  sources::LookupOptions o;
  o.workers = static_cast<std::size_t>(config.http.concurrency.total);
  return o;
}

}  // namespace versiond::scan
