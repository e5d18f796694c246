// A fake GitHub REST API: a real HTTP server on 127.0.0.1 (cpp-httplib) that
// keeps issues, labels, comments, pull requests and branch refs in memory.
//
// Every request is validated against GitHub's OpenAPI description
// (tests/fixtures/github/openapi/github-rest-subset.json): the route must
// exist, the method must be documented for it, path and query parameters must
// match their schemas (required, type, enum), a request body must match its
// schema (types, required fields, enums, oneOf), the status the fake
// answers must be one the description documents for that operation, and its
// JSON answer must match that status's schema (the fake completes the
// required fields it does not model with placeholders of their type, then
// validates the whole answer, so every field it does set is checked). Any
// violation, including an unknown route, is recorded and fails the running
// Catch2 test when the fake is destroyed. Every request is recorded, so tests
// assert exactly how many writes a run made.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace versiond::test {

struct GithubRequest {
  std::string method;
  std::string path;   // decoded path, no query
  std::string query;  // raw query string, "" when none
  std::string body;
  int status = 0;
  bool write() const { return method != "GET" && method != "HEAD"; }
};

struct FakeIssue {
  long long number = 0;
  std::string title;
  std::string body;
  std::string state = "open";
  std::string state_reason;
  std::vector<std::string> labels;
  bool pull = false;
  // Pull requests only.
  std::string head;
  std::string head_sha;
  std::string base;
  bool merged = false;
};

struct FakeComment {
  long long id = 0;
  long long issue = 0;
  std::string body;
  std::string user = "versiond-bot";
};

class FakeGithub {
 public:
  // `repository` is "owner/name"; `token` "" accepts unauthenticated requests.
  explicit FakeGithub(std::string repository = "acme/platform", std::string token = "");
  ~FakeGithub();
  FakeGithub(const FakeGithub&) = delete;
  FakeGithub& operator=(const FakeGithub&) = delete;

  std::string base() const;  // "http://127.0.0.1:<port>"
  int port() const noexcept;

  // Branch refs: by default an in-memory map; with a resolver (e.g. a real bare
  // git repository) the fake asks it instead. resolve answers the commit sha or
  // nullopt; remove deletes the branch and answers whether it existed.
  void set_ref(const std::string& branch, const std::string& sha);
  void use_refs(std::function<std::optional<std::string>(const std::string& branch)> resolve,
                std::function<bool(const std::string& branch)> remove);
  // use_refs with the branches of a real bare git repository (git on $PATH).
  void use_bare_repository(const std::filesystem::path& bare);
  void set_default_branch(const std::string& branch);
  // A file GET /repos/{o}/{r}/contents/{path}?ref=REF answers (base64, as GitHub does).
  void set_file(const std::string& ref, const std::string& path, const std::string& content);
  // GitHub Enterprise: the API lives under a prefix ("/api/v3"); requests
  // outside it are violations.
  void set_path_prefix(const std::string& prefix);

  // State, as a test sets it up or inspects it.
  long long add_issue(FakeIssue issue);  // answers the number
  void add_comment(long long issue, const std::string& body, const std::string& user);
  void merge_pull(long long number);
  std::vector<FakeIssue> issues() const;  // issues and pull requests, by number
  std::vector<FakeIssue> pulls() const;
  std::optional<FakeIssue> issue(long long number) const;
  std::vector<FakeComment> comments(long long issue) const;
  std::vector<std::string> labels() const;

  // The next `times` requests whose "METHOD /path" starts with `prefix`
  // answer `status` with `headers` and `body` instead (rate limits, 5xx).
  void inject(const std::string& prefix, int status,
              std::vector<std::pair<std::string, std::string>> headers, std::string body,
              int times = 1);
  // Every list answers at most this many items per page (GitHub: per_page, max 100).
  void set_max_per_page(int n);

  std::vector<GithubRequest> requests() const;
  std::size_t write_count() const;
  // "METHOD /path" of each write, in order.
  std::vector<std::string> write_lines() const;
  std::vector<std::string> violations() const;
  // The violations so far, forgotten (tests of the fake itself expect them).
  std::vector<std::string> take_violations();
  void clear_requests();
  std::size_t not_modified_sent() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace versiond::test
