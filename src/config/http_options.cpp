#include "versiond/config/http_options.hpp"

namespace versiond::config {

net::HttpOptions http_options(const Config& config) {
  net::HttpOptions o;
  o.max_total_connections = config.http.concurrency.total;
  o.max_connections_per_host = config.http.concurrency.per_host;
  o.connect_timeout = std::chrono::milliseconds(config.http.timeouts.connect_ms);
  o.total_timeout = std::chrono::milliseconds(config.http.timeouts.total_ms);
  o.max_retries = config.http.max_retries;
  o.max_body_bytes = static_cast<std::size_t>(config.http.max_body_mb) * 1024u * 1024u;
  o.max_download_bytes = static_cast<std::uint64_t>(config.http.max_download_mb) * 1024u * 1024u;
  o.plain_http_hosts.insert(config.http.allow_plain_http_hosts.begin(),
                            config.http.allow_plain_http_hosts.end());
  return o;
}

}  // namespace versiond::config
