// versiond's inventory and lookup stages, timed one by one against the benchmark's
// fake upstream: where a scan's time goes before the store and the CLI add theirs.
//
//   lookup_probe REPO FAKE_INFO.json [--workers N] [--per-host N] [--passes N]
//
// FAKE_INFO.json is bench/fake_upstream.py's --info-out. Pass 1 starts with an empty
// in-memory HTTP cache (cold); later passes reuse it, so every request is conditional
// (warm revalidation). Prints one JSON object: per pass the wall and CPU time of the
// lookups, the requests and 304s the client counted, and the answers (newest stable
// version per component) in the shape bench/check.py reads.
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/net/client.hpp"
#include "versiond/sources/lookups.hpp"
#include "versiond/versioning/scheme.hpp"

namespace {

using nlohmann::json;
namespace sources = versiond::sources;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// What to ask upstream for a component; registry URLs that only name the public
// default (github.com pages, registry-1.docker.io, registry.terraform.io) are left
// out so that the configured endpoints and mirrors apply.
sources::LookupKey key_for(const versiond::Component& c) {
  sources::LookupKey key{c.datasource, c.package, ""};
  if (c.datasource == versiond::Datasource::helm) key.registry_url = c.registry_url;
  return key;
}

// Newest stable version upstream, in the current value's shape for image tags.
std::optional<std::string> newest(const versiond::Component& c, const sources::LookupResult& r) {
  std::vector<std::string> versions;
  for (const auto& rel : r.releases)
    if (!rel.prerelease) versions.push_back(rel.version);
  const auto& scheme = versiond::versioning::scheme_for(c.scheme);
  std::optional<std::string_view> current;
  if (c.datasource == versiond::Datasource::docker) current = c.current;
  return scheme.latest(versions, std::nullopt, current);
}

int run(const std::string& repo, const std::string& info_path, std::size_t workers, long per_host,
        int passes) {
  const json info = json::parse(versiond::bench::read_file(info_path));
  const std::string base = "http://127.0.0.1:" + std::to_string(info.at("port").get<int>());

  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpu_seconds();
  const auto inventory = versiond::extract::build_inventory(versiond::RepoRoot(repo));
  json out;
  out["inventory"] = {{"components", inventory.components.size()},
                      {"errors", inventory.errors.size()},
                      {"wall_s", since(t0)},
                      {"cpu_s", cpu_seconds() - c0}};

  std::vector<const versiond::Component*> looked_up;
  std::vector<sources::LookupKey> keys;
  for (const auto& c : inventory.components) {
    if (c.skipped() || c.datasource == versiond::Datasource::none) continue;
    looked_up.push_back(&c);
    keys.push_back(key_for(c));
  }

  sources::Endpoints endpoints;
  endpoints.github_api = base;
  endpoints.terraform_registry = base;
  endpoints.docker_hub_api = base;  // as bench/versiond_config.py configures versiond
  for (const auto& [host, port] : info.at("registry_ports").items())
    endpoints.registry_mirrors[host] = "http://127.0.0.1:" + std::to_string(port.get<int>());
  if (endpoints.registry_mirrors.count("docker.io"))
    endpoints.docker_hub = endpoints.registry_mirrors["docker.io"];

  versiond::net::HttpOptions options;
  options.plain_http_hosts = {"127.0.0.1"};
  if (per_host > 0) options.max_connections_per_host = per_host;
  auto cache = std::make_shared<versiond::net::MemoryHttpCache>();
  versiond::net::HttpClient client(options, cache);
  sources::LookupOptions lookup_options;
  lookup_options.workers = workers;
  sources::Lookups lookups(client, endpoints, {}, lookup_options);

  out["passes"] = json::array();
  for (int pass = 1; pass <= passes; ++pass) {
    const auto before = client.counters();
    t0 = std::chrono::steady_clock::now();
    c0 = cpu_seconds();
    const auto results = lookups.run(keys);
    const double wall = since(t0);
    const double cpu = cpu_seconds() - c0;
    const auto after = client.counters();
    json answers = json::array();
    std::size_t failed = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& c = *looked_up[i];
      json a = {{"package", c.package},
                {"datasource", versiond::to_string(c.datasource)},
                {"current", c.current}};
      if (results[i].ok()) {
        const auto best = newest(c, results[i]);
        a["newest"] = best ? *best : "";
      } else {
        ++failed;
        a["error"] = results[i].failure->describe();
      }
      answers.push_back(std::move(a));
    }
    out["passes"].push_back({{"pass", pass},
                             {"lookups", keys.size()},
                             {"failed", failed},
                             {"wall_s", wall},
                             {"cpu_s", cpu},
                             {"requests", after.requests - before.requests},
                             {"not_modified", after.not_modified - before.not_modified},
                             {"bytes", after.bytes - before.bytes},
                             {"answers", std::move(answers)}});
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  out["peak_rss_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // stdout carries the JSON answer: the per-request log lines (info) stay off.
  spdlog::set_level(spdlog::level::warn);
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 2) {
    std::fprintf(
        stderr,
        "usage: lookup_probe REPO FAKE_INFO.json [--workers N] [--per-host N] [--passes N]\n");
    return 2;
  }
  std::size_t workers = 16;
  long per_host = 0;
  int passes = 2;
  try {
    for (std::size_t i = 2; i + 1 < args.size(); i += 2) {
      if (args[i] == "--workers")
        workers = std::stoul(args[i + 1]);
      else if (args[i] == "--per-host")
        per_host = std::stol(args[i + 1]);
      else if (args[i] == "--passes")
        passes = std::stoi(args[i + 1]);
      else
        throw std::invalid_argument("unknown option " + args[i]);
    }
    return run(args[0], args[1], workers, per_host, passes);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lookup_probe: %s\n", e.what());
    return 2;
  }
}
