// GitHub REST client of the act stage: issues, labels, comments, pulls, refs,
// contents and issue search, on the net stage's HttpClient.
//
// - The base URL is api.github.com or a GitHub Enterprise "https://host/api/v3".
// - The token comes from sources::Credentials (environment or file), is sent in
//   the Authorization header only and is registered for redaction.
// - Lists follow Link rel="next" pages; GETs are conditional when the
//   HttpClient has an HttpCache (a 304 does not count against the rate limit).
// - Content-creating requests (every POST/PATCH/PUT/DELETE) are paced at least
//   `write_interval` apart, waited on the HttpClient's injectable clock, as
//   GitHub's secondary-rate-limit guidance asks; primary and secondary limits
//   (403/429 with Retry-After or x-ratelimit-reset) are waited out by the
//   HttpClient or reported as FailureKind::rate_limited.
// - Nothing throws: every call answers a value or a typed Failure.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "versiond/core/failure.hpp"
#include "versiond/net/client.hpp"
#include "versiond/sources/endpoints.hpp"

namespace versiond::forge {

struct GithubOptions {
  std::string api_url = "https://api.github.com";  // GHE: "https://ghe.example.com/api/v3"
  std::string repository;                          // "owner/name"
  sources::Secret token;
  // Minimum time between two writes (GitHub: "at least one second between
  // each request" that creates content).
  std::chrono::milliseconds write_interval{1000};
  int per_page = 100;
  int max_pages = 100;
};

// A value or the reason there is none.
template <class T>
struct Result {
  std::optional<T> value;
  std::optional<Failure> failure;
  bool ok() const noexcept { return !failure.has_value(); }
  static Result fail(const Failure& f) {
    Result r;
    r.failure = f;
    return r;
  }
};
using Done = Result<std::monostate>;

enum class IssueState { open, closed };
std::string_view to_string(IssueState s) noexcept;
std::optional<IssueState> parse_issue_state(std::string_view text) noexcept;

struct Issue {
  long long number = 0;
  std::string title;
  std::string body;
  IssueState state = IssueState::open;
  std::string html_url;
  std::vector<std::string> labels;
  bool is_pull_request = false;  // the issues API also lists pull requests
};

struct Comment {
  long long id = 0;
  std::string body;
  std::string user;  // login of the author
};

struct PullRequest {
  long long number = 0;
  std::string title;
  std::string body;
  IssueState state = IssueState::open;
  bool merged = false;
  std::string html_url;
  std::string head_ref;  // branch name without refs/heads/
  std::string head_sha;
  std::string base_ref;
  std::vector<std::string> labels;
};

struct Label {
  std::string name;
  std::string color;  // six hex digits, no '#'
  std::string description;
};

struct GitRef {
  std::string ref;  // "refs/heads/main"
  std::string sha;
};

struct IssueEdit {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<IssueState> state;
  std::optional<std::string> state_reason;  // "completed", "not_planned"
};

struct PullEdit {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<IssueState> state;
};

// One write as sent (or, in a dry run, as it would be sent).
struct WriteRecord {
  std::string method;
  std::string path;     // "/repos/o/n/issues/12"
  std::string summary;  // one line: what changes (title, first body line, state)
};

class GithubClient {
 public:
  // `http` must outlive the client; its clock paces the writes.
  GithubClient(net::HttpClient& http, GithubOptions options);

  const GithubOptions& options() const noexcept { return options_; }

  // --- reads ---
  Result<std::string> default_branch();
  // Issues (not pull requests) carrying `label`, any state, oldest first.
  Result<std::vector<Issue>> list_issues(const std::string& label, std::string_view state = "all");
  Result<Issue> get_issue(long long number);
  // GET /search/issues: q is GitHub search syntax ("repo:o/n is:issue label:x in:title …").
  Result<std::vector<Issue>> search_issues(const std::string& q);
  Result<std::vector<Comment>> list_comments(long long issue_number);
  // Pull requests in a state ("open", "closed", "all"), optionally only those
  // whose head is `head_branch` of this repository.
  Result<std::vector<PullRequest>> list_pulls(std::string_view state,
                                              const std::string& head_branch = {});
  Result<PullRequest> get_pull(long long number);
  // nullopt value (and no failure) when the label does not exist.
  Result<std::optional<Label>> get_label(const std::string& name);
  // nullopt value (and no failure) when the branch does not exist.
  Result<std::optional<GitRef>> get_branch_ref(const std::string& branch);
  // A file's decoded contents on a ref; nullopt when it does not exist.
  Result<std::optional<std::string>> get_contents(const std::string& path, const std::string& ref);

  // --- writes (paced; each counted in writes()) ---
  Result<Label> create_label(const Label& label);
  Result<Issue> create_issue(const std::string& title, const std::string& body,
                             const std::vector<std::string>& labels);
  Result<Issue> update_issue(long long number, const IssueEdit& edit);
  Done add_labels(long long issue_number, const std::vector<std::string>& labels);
  Result<Comment> create_comment(long long issue_number, const std::string& body);
  Result<PullRequest> create_pull(const std::string& title, const std::string& head,
                                  const std::string& base, const std::string& body);
  Result<PullRequest> update_pull(long long number, const PullEdit& edit);
  Done delete_branch(const std::string& branch);

  // Every write sent, in order.
  const std::vector<WriteRecord>& writes() const noexcept { return writes_; }
  // Requests sent in total (reads and writes, pages counted one by one).
  std::size_t requests() const noexcept { return requests_; }

 private:
  net::Response get(const std::string& path_and_query);
  // Walks every page; on_page parses one body and answers a Failure to stop.
  Done get_all(const std::string& path_and_query,
               const std::function<std::optional<Failure>(const std::string& body)>& on_page);
  net::Response write(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& summary);
  std::string repo_path(const std::string& rest) const;
  std::vector<std::pair<std::string, std::string>> headers(bool with_body) const;

  net::HttpClient& http_;
  GithubOptions options_;
  std::optional<Clock::time_point> last_write_;
  std::vector<WriteRecord> writes_;
  std::size_t requests_ = 0;
};

// The Failure a non-2xx answer stands for (404 not_found, 401 unauthorized, …),
// with GitHub's "message" in the text; `what` names the request.
Failure failure_of(const net::Response& response, const std::string& what);

// RFC 3986 percent-encoding of one path segment or query value.
std::string encode_component(std::string_view text);

}  // namespace versiond::forge
