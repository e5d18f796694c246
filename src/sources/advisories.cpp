// OSV and GitHub repository advisories (see include/versiond/sources/advisories.hpp).
#include "versiond/sources/advisories.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <nlohmann/json.hpp>
#include <thread>

#include "sources/context.hpp"
#include "versiond/net/pagination.hpp"
#include "versiond/net/url.hpp"

namespace versiond::sources {

namespace {

using nlohmann::json;

constexpr std::size_t max_queries_per_batch = 1000;  // OSV's documented limit

// OSV and GHSA ids (GHSA-xxxx-xxxx-xxxx, GO-2024-3282, CVE-2025-1974, …) need
// no escaping in a path; anything else listed is refused rather than sent.
bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == ':';
  });
}

Failure failure_of(const net::Response& r) { return *detail::failure(r).failure; }

Failure bad(const std::string& url, const std::string& what) {
  return *detail::bad_response(url, what).failure;
}

// Reads {"results":[{"vulns":[{"id","modified"}], "next_page_token"?}]}.
std::optional<Failure> read_batch(const net::Response& r, std::size_t expected,
                                  std::vector<std::vector<OsvListed>>& out,
                                  std::vector<std::string>& tokens) {
  const json doc = json::parse(r.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return bad(r.url, "malformed JSON");
  const auto results = doc.find("results");
  if (results == doc.end() || !results->is_array() || results->size() != expected) {
    return bad(r.url, "expected 'results' with one entry per query");
  }
  for (const auto& result : *results) {
    std::vector<OsvListed> listed;
    std::string token;
    if (!result.is_object()) return bad(r.url, "a result is not an object");
    if (const auto vulns = result.find("vulns"); vulns != result.end() && !vulns->is_null()) {
      if (!vulns->is_array()) return bad(r.url, "'vulns' is not an array");
      for (const auto& v : *vulns) {
        if (!v.is_object() || !v.value("id", json()).is_string()) {
          return bad(r.url, "a listed vulnerability has no string 'id'");
        }
        const auto modified = v.value("modified", json());
        listed.push_back({v.value("id", std::string()),
                          modified.is_string() ? modified.get<std::string>() : std::string()});
      }
    }
    if (const auto t = result.find("next_page_token"); t != result.end() && t->is_string()) {
      token = t->get<std::string>();
    }
    out.push_back(std::move(listed));
    tokens.push_back(std::move(token));
  }
  return std::nullopt;
}

net::Request querybatch_request(const Endpoints& endpoints) {
  net::Request req;
  req.url = detail::trim_slash(endpoints.osv) + "/v1/querybatch";
  req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  req.cacheable = false;
  return req;
}

json query_of(const OsvPackage& p, const std::string& token) {
  json q = {{"package", {{"ecosystem", p.ecosystem}, {"name", p.name}}}};
  if (!token.empty()) q["page_token"] = token;
  return q;
}

}  // namespace

OsvBatch osv_querybatch(net::HttpClient& http, const Endpoints& endpoints,
                        const std::vector<OsvPackage>& packages) {
  OsvBatch batch;
  batch.results.resize(packages.size());
  // (package index, page token) still to ask.
  std::vector<std::pair<std::size_t, std::string>> pending;
  for (std::size_t i = 0; i < packages.size(); ++i) pending.emplace_back(i, "");
  constexpr int max_rounds = 20;  // pages per package, like other listings
  for (int round = 0; !pending.empty() && round < max_rounds; ++round) {
    std::vector<std::pair<std::size_t, std::string>> next;
    for (std::size_t start = 0; start < pending.size(); start += max_queries_per_batch) {
      const std::size_t end = std::min(pending.size(), start + max_queries_per_batch);
      json queries = json::array();
      for (std::size_t k = start; k < end; ++k) {
        queries.push_back(query_of(packages[pending[k].first], pending[k].second));
      }
      const json body = {{"queries", queries}};
      const net::Response r = http.post(querybatch_request(endpoints), body.dump());
      ++batch.requests;
      if (!r.ok()) {
        batch.failure = failure_of(r);
        batch.results.clear();
        return batch;
      }
      std::vector<std::vector<OsvListed>> answers;
      std::vector<std::string> tokens;
      if (auto problem = read_batch(r, end - start, answers, tokens)) {
        batch.failure = problem;
        batch.results.clear();
        return batch;
      }
      for (std::size_t k = start; k < end; ++k) {
        auto& into = batch.results[pending[k].first];
        into.insert(into.end(), answers[k - start].begin(), answers[k - start].end());
        if (!tokens[k - start].empty()) next.emplace_back(pending[k].first, tokens[k - start]);
      }
    }
    pending = std::move(next);
  }
  return batch;
}

std::vector<FetchedRecord> osv_records(net::HttpClient& http, const Endpoints& endpoints,
                                       const std::vector<std::string>& ids, std::size_t workers) {
  std::vector<FetchedRecord> out(ids.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < ids.size(); i = next++) {
      FetchedRecord& rec = out[i];
      rec.id = ids[i];
      // Nothing is thrown across the thread: anything caught is this record's failure.
      try {
        if (!valid_id(ids[i])) {
          rec.failure = Failure{FailureKind::bad_response, "not an advisory id: " + ids[i], ids[i]};
          continue;
        }
        net::Request req;
        req.url = detail::trim_slash(endpoints.osv) + "/v1/vulns/" + ids[i];
        req.headers = {{"Accept", "application/json"}};
        const net::Response r = http.fetch(req);
        if (r.ok()) {
          rec.body = r.body;
        } else {
          rec.failure = failure_of(r);
        }
      } catch (const std::exception& e) {
        rec.failure = Failure{FailureKind::bad_response, e.what(), ids[i]};
      }
    }
  };
  std::vector<std::thread> pool;
  const std::size_t n = std::max<std::size_t>(1, std::min(workers, ids.size()));
  for (std::size_t t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

RepositoryAdvisories github_repository_advisories(net::HttpClient& http, const Endpoints& endpoints,
                                                  const Credentials& credentials,
                                                  const std::string& owner_repo, int max_pages) {
  RepositoryAdvisories out;
  net::Request req;
  req.url = detail::trim_slash(endpoints.github_api) + "/repos/" + owner_repo +
            "/security-advisories?state=published&per_page=100";
  req.headers = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
  if (!credentials.github_token.empty()) {
    req.headers.emplace_back("Authorization", "Bearer " + credentials.github_token.reveal());
  }
  const net::Response last = net::fetch_pages(http, req, max_pages, [&](const net::Response& page) {
    const json doc = json::parse(page.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) {
      out.failure = bad(page.url, "expected a JSON array of advisories");
      return false;
    }
    for (const auto& item : doc) out.advisories.push_back(item.dump());
    return true;
  });
  if (!out.failure && !last.ok()) out.failure = failure_of(last);
  if (out.failure) out.advisories.clear();
  return out;
}

}  // namespace versiond::sources
