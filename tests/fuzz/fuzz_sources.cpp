// The JSON (and Helm index) decoders of the upstream sources in src/sources:
// GitHub releases and tags, Terraform registry discovery and provider/module
// versions, OCI registry tag lists (Docker and Helm OCI charts), endoflife.date
// cycles and a Helm repository index. They are reachable only through HTTP,
// so an in-process server on 127.0.0.1 answers every request with the fuzz
// input; the first byte chooses the lookup. Lookups never throw for upstream
// answers, so no exception is swallowed here: any that escapes is a finding.
// Headers and body go out in separate writes: without TCP_NODELAY, Nagle's
// algorithm and the client's delayed ACK cost 40 ms per request.
#define CPPHTTPLIB_TCP_NODELAY true
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

#include "fuzz_support.hpp"
#include "versiond/net/client.hpp"
#include "versiond/sources/lookups.hpp"

namespace {

namespace src = versiond::sources;

constexpr const char* k_discovery =
    R"({"providers.v1":"/v1/providers/","modules.v1":"/v1/modules/"})";

// One server per process, on an ephemeral port.
class Upstream {
 public:
  Upstream() {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      const bool discovery = req.path == "/.well-known/terraform.json";
      res.status = 200;
      res.set_content(discovery && !fuzz_discovery_ ? std::string(k_discovery) : body_,
                      req.path.size() >= 5 && req.path.substr(req.path.size() - 5) == ".yaml"
                          ? "application/x-yaml"
                          : "application/json");
    });
    // The socket listens once bound: requests queue until the thread accepts.
    port_ = server_.bind_to_any_port("127.0.0.1");
    FUZZ_CHECK(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Upstream() {
    server_.stop();
    thread_.join();
  }
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void serve(std::string_view body, bool fuzz_discovery) {
    std::lock_guard lock(mutex_);
    body_.assign(body);
    fuzz_discovery_ = fuzz_discovery;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::string body_;
  bool fuzz_discovery_ = false;
};

struct Fixture {
  Upstream upstream;
  versiond::net::HttpClient http{[] {
    versiond::net::HttpOptions o;
    o.plain_http_hosts = {"127.0.0.1"};
    o.max_retries = 0;
    o.max_redirects = 0;
    o.connect_timeout = std::chrono::milliseconds(2000);
    o.total_timeout = std::chrono::milliseconds(5000);
    return o;
  }()};
  src::Endpoints endpoints;

  Fixture() {
    spdlog::set_level(spdlog::level::off);  // one log line per request otherwise
    const std::string base = upstream.base();
    endpoints.github_api = base;
    endpoints.terraform_registry = base;
    endpoints.endoflife = base;
    endpoints.docker_hub = base;
    endpoints.docker_hub_api = "";
    endpoints.registry_mirrors = {{"ghcr.io", base}, {"registry.terraform.io", base}};
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = versiond::fuzz;
  using versiond::Datasource;
  const versiond::fuzz::Selected in = versiond::fuzz::select(data, size, 9);
  Fixture& f = fixture();
  src::LookupKey key;
  switch (in.choice) {
    case 0: key = {Datasource::github_releases, "owner/repo", ""}; break;
    case 1: key = {Datasource::github_tags, "owner/repo", ""}; break;
    case 2: key = {Datasource::terraform_provider, "hashicorp/azurerm", ""}; break;
    case 3: key = {Datasource::terraform_module, "Azure/aks/azurerm", ""}; break;
    case 4: key = {Datasource::docker, "ghcr.io/org/app", ""}; break;
    case 5: key = {Datasource::helm, "chart", "oci://ghcr.io/org/charts"}; break;
    case 6: key = {Datasource::endoflife, "kubernetes", ""}; break;
    case 7: key = {Datasource::terraform_provider, "hashicorp/azurerm", ""}; break;
    default: key = {Datasource::helm, "prometheus", f.upstream.base() + "/charts"}; break;
  }
  f.upstream.serve(in.rest, in.choice == 7);
  src::Lookups lookups(f.http, f.endpoints, {}, src::LookupOptions{1, 3, false});
  const src::LookupResult result = lookups.lookup(key);
  if (!result.ok()) FUZZ_CHECK(!result.failure->message.empty());
  for (const src::Release& r : result.releases) FUZZ_CHECK(!r.version.empty());
  return 0;
}
