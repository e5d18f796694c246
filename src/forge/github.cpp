#include "versiond/forge/github.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "versiond/net/pagination.hpp"
#include "versiond/net/redact.hpp"

namespace versiond::forge {
namespace {

using json = nlohmann::json;

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::optional<json> parse(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long integer(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

Failure shape(const std::string& what, const std::string& why) {
  return {FailureKind::bad_response, what + ": unexpected answer (" + why + ")", {}};
}

std::vector<std::string> label_names(const json& j) {
  std::vector<std::string> out;
  auto it = j.find("labels");
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& l : *it) {
    if (l.is_string()) out.push_back(l.get<std::string>());
    if (l.is_object()) out.push_back(str(l, "name"));
  }
  return out;
}

std::optional<Issue> issue_of(const json& j) {
  if (!j.is_object() || !j.contains("number") || !j["number"].is_number_integer()) {
    return std::nullopt;
  }
  Issue i;
  i.number = integer(j, "number");
  i.title = str(j, "title");
  i.body = str(j, "body");
  i.state = parse_issue_state(str(j, "state")).value_or(IssueState::open);
  i.html_url = str(j, "html_url");
  i.labels = label_names(j);
  i.is_pull_request = j.contains("pull_request") && j["pull_request"].is_object();
  return i;
}

std::optional<PullRequest> pull_of(const json& j) {
  if (!j.is_object() || !j.contains("number") || !j["number"].is_number_integer()) {
    return std::nullopt;
  }
  PullRequest p;
  p.number = integer(j, "number");
  p.title = str(j, "title");
  p.body = str(j, "body");
  p.state = parse_issue_state(str(j, "state")).value_or(IssueState::open);
  p.merged = !str(j, "merged_at").empty() || (j.contains("merged") && j["merged"] == true);
  p.html_url = str(j, "html_url");
  if (auto h = j.find("head"); h != j.end() && h->is_object()) {
    p.head_ref = str(*h, "ref");
    p.head_sha = str(*h, "sha");
  }
  if (auto b = j.find("base"); b != j.end() && b->is_object()) p.base_ref = str(*b, "ref");
  p.labels = label_names(j);
  return p;
}

std::string first_line(const std::string& s, std::size_t max = 72) {
  std::string line = s.substr(0, s.find('\n'));
  if (line.size() > max) line = line.substr(0, max) + "…";
  return line;
}

std::string base64_decode(const std::string& in) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = -8;
  for (char c : in) {
    auto pos = alphabet.find(c);
    if (pos == std::string::npos) continue;  // newlines, '=' padding
    value = (value << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((value >> bits) & 0xFFu));
      bits -= 8;
    }
  }
  return out;
}

// The JSON of a PATCH to an issue or pull request, and its one-line summary.
std::pair<json, std::string> edit_body(const std::optional<std::string>& title,
                                       const std::optional<std::string>& body,
                                       const std::optional<IssueState>& state,
                                       std::string summary) {
  json j = json::object();
  if (title) {
    j["title"] = *title;
    summary += " title";
  }
  if (body) {
    j["body"] = *body;
    summary += " body";
  }
  if (state) {
    j["state"] = std::string(to_string(*state));
    summary += " state=" + std::string(to_string(*state));
  }
  return {std::move(j), std::move(summary)};
}

// A write's answer parsed into T, or the Failure it stands for.
template <class T>
Result<T> answer(const net::Response& r, const std::string& what,
                 std::optional<T> (*convert)(const json&)) {
  if (!r.ok()) return Result<T>::fail(failure_of(r, what));
  auto parsed = parse(r.body);
  auto value = parsed ? convert(*parsed) : std::nullopt;
  if (!value) return Result<T>::fail(shape(what, "unexpected body"));
  return {std::move(value), std::nullopt};
}

}  // namespace

std::string_view to_string(IssueState s) noexcept {
  return s == IssueState::open ? "open" : "closed";
}

std::optional<IssueState> parse_issue_state(std::string_view text) noexcept {
  if (text == "open") return IssueState::open;
  if (text == "closed") return IssueState::closed;
  return std::nullopt;
}

std::string encode_component(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

Failure failure_of(const net::Response& r, const std::string& what) {
  std::string message;
  if (auto j = parse(r.body); j && j->is_object()) message = str(*j, "message");
  auto text = [&](const std::string& base) {
    return net::redact(what + ": " + base + (message.empty() ? "" : " (" + message + ")"));
  };
  if (r.rate_limited_until) {
    return {FailureKind::rate_limited,
            text("rate limited until " + net::format_utc(*r.rate_limited_until)), r.url};
  }
  if (r.status == 0) {
    FailureKind kind =
        r.transport == net::TransportError::timeout ? FailureKind::timeout : FailureKind::network;
    return {kind, text(r.error), net::redact(r.url)};
  }
  FailureKind kind = FailureKind::bad_response;
  if (r.status == 404 || r.status == 410) kind = FailureKind::not_found;
  if (r.status == 401) kind = FailureKind::unauthorized;
  if (r.status == 403) kind = FailureKind::forbidden;
  if (r.status == 429) kind = FailureKind::rate_limited;
  if (r.status >= 500) kind = FailureKind::server_error;
  return {kind, text("HTTP " + std::to_string(r.status)), net::redact(r.url)};
}

GithubClient::GithubClient(net::HttpClient& http, GithubOptions options)
    : http_(http), options_(std::move(options)) {
  options_.api_url = trim_slash(options_.api_url);
  if (!options_.token.empty()) net::register_secret(options_.token.reveal());
}

std::vector<std::pair<std::string, std::string>> GithubClient::headers(bool with_body) const {
  std::vector<std::pair<std::string, std::string>> h = {{"Accept", "application/vnd.github+json"},
                                                        {"X-GitHub-Api-Version", "2022-11-28"}};
  if (!options_.token.empty()) h.emplace_back("Authorization", "Bearer " + options_.token.reveal());
  if (with_body) h.emplace_back("Content-Type", "application/json");
  return h;
}

std::string GithubClient::repo_path(const std::string& rest) const {
  auto slash = options_.repository.find('/');
  return "/repos/" + encode_component(options_.repository.substr(0, slash)) + "/" +
         encode_component(slash == std::string::npos ? std::string()
                                                     : options_.repository.substr(slash + 1)) +
         rest;
}

net::Response GithubClient::get(const std::string& path_and_query) {
  net::Request request;
  request.url = options_.api_url + path_and_query;
  request.headers = headers(false);
  ++requests_;
  return http_.fetch(request);
}

Done GithubClient::get_all(
    const std::string& path_and_query,
    const std::function<std::optional<Failure>(const std::string& body)>& on_page) {
  net::Request request;
  const char sep = path_and_query.find('?') == std::string::npos ? '?' : '&';
  request.url =
      options_.api_url + path_and_query + sep + "per_page=" + std::to_string(options_.per_page);
  request.headers = headers(false);
  std::optional<Failure> failed;
  auto last = net::fetch_pages(http_, request, options_.max_pages, [&](const net::Response& r) {
    ++requests_;
    failed = on_page(r.body);
    return !failed;
  });
  if (failed) return Done::fail(*failed);
  if (!last.ok()) {
    ++requests_;
    return Done::fail(failure_of(last, "GET " + path_and_query));
  }
  return Done{std::monostate{}, std::nullopt};
}

net::Response GithubClient::write(const std::string& method, const std::string& path,
                                  const std::string& body, const std::string& summary) {
  Clock& clock = http_.clock();
  if (last_write_) {
    auto next = *last_write_ + options_.write_interval;
    auto now = clock.now();
    if (next > now) {
      clock.sleep_for(std::chrono::ceil<std::chrono::milliseconds>(next - now));
    }
  }
  net::Request request;
  request.url = options_.api_url + path;
  request.headers = headers(!body.empty());
  request.cacheable = false;
  ++requests_;
  writes_.push_back({method, path, summary});
  auto r = http_.send(request, method, body);
  last_write_ = clock.now();
  spdlog::debug("github: {} {} ({}) -> {}", method, path, summary, r.status);
  return r;
}

Result<std::string> GithubClient::default_branch() {
  auto r = get(repo_path(""));
  if (!r.ok()) return Result<std::string>::fail(failure_of(r, "GET repository"));
  auto j = parse(r.body);
  if (!j || !j->is_object() || str(*j, "default_branch").empty()) {
    return Result<std::string>::fail(shape("GET repository", "no default_branch"));
  }
  return {str(*j, "default_branch"), std::nullopt};
}

Result<std::vector<Issue>> GithubClient::list_issues(const std::string& label,
                                                     std::string_view state) {
  std::vector<Issue> out;
  std::string path =
      repo_path("/issues?state=" + std::string(state) + "&sort=created&direction=asc");
  if (!label.empty()) path += "&labels=" + encode_component(label);
  auto done = get_all(path, [&](const std::string& body) -> std::optional<Failure> {
    auto j = parse(body);
    if (!j || !j->is_array()) return shape("GET issues", "not an array");
    for (const auto& item : *j) {
      auto issue = issue_of(item);
      if (!issue) return shape("GET issues", "an item without a number");
      if (!issue->is_pull_request) out.push_back(std::move(*issue));
    }
    return std::nullopt;
  });
  if (!done.ok()) return Result<std::vector<Issue>>::fail(*done.failure);
  return {std::move(out), std::nullopt};
}

Result<Issue> GithubClient::get_issue(long long number) {
  const std::string n = std::to_string(number);
  return answer<Issue>(get(repo_path("/issues/" + n)), "GET issue #" + n, issue_of);
}

Result<std::vector<Issue>> GithubClient::search_issues(const std::string& q) {
  std::vector<Issue> out;
  auto done =
      get_all("/search/issues?q=" + encode_component(q),
              [&](const std::string& body) -> std::optional<Failure> {
                auto j = parse(body);
                if (!j || !j->is_object() || !j->contains("items") || !(*j)["items"].is_array()) {
                  return shape("GET search/issues", "no items array");
                }
                for (const auto& item : (*j)["items"]) {
                  auto issue = issue_of(item);
                  if (!issue) return shape("GET search/issues", "an item without a number");
                  out.push_back(std::move(*issue));
                }
                return std::nullopt;
              });
  if (!done.ok()) return Result<std::vector<Issue>>::fail(*done.failure);
  return {std::move(out), std::nullopt};
}

Result<std::vector<Comment>> GithubClient::list_comments(long long issue_number) {
  std::vector<Comment> out;
  auto done = get_all(repo_path("/issues/" + std::to_string(issue_number) + "/comments"),
                      [&](const std::string& body) -> std::optional<Failure> {
                        auto j = parse(body);
                        if (!j || !j->is_array()) return shape("GET comments", "not an array");
                        for (const auto& item : *j) {
                          if (!item.is_object()) return shape("GET comments", "not an object");
                          Comment c;
                          c.id = integer(item, "id");
                          c.body = str(item, "body");
                          if (auto u = item.find("user"); u != item.end() && u->is_object()) {
                            c.user = str(*u, "login");
                          }
                          out.push_back(std::move(c));
                        }
                        return std::nullopt;
                      });
  if (!done.ok()) return Result<std::vector<Comment>>::fail(*done.failure);
  return {std::move(out), std::nullopt};
}

Result<std::vector<PullRequest>> GithubClient::list_pulls(std::string_view state,
                                                          const std::string& head_branch) {
  std::vector<PullRequest> out;
  std::string path = repo_path("/pulls?state=" + std::string(state));
  if (!head_branch.empty()) {
    const std::string owner = options_.repository.substr(0, options_.repository.find('/'));
    path += "&head=" + encode_component(owner + ":" + head_branch);
  }
  auto done = get_all(path, [&](const std::string& body) -> std::optional<Failure> {
    auto j = parse(body);
    if (!j || !j->is_array()) return shape("GET pulls", "not an array");
    for (const auto& item : *j) {
      auto p = pull_of(item);
      if (!p) return shape("GET pulls", "an item without a number");
      out.push_back(std::move(*p));
    }
    return std::nullopt;
  });
  if (!done.ok()) return Result<std::vector<PullRequest>>::fail(*done.failure);
  return {std::move(out), std::nullopt};
}

Result<PullRequest> GithubClient::get_pull(long long number) {
  const std::string n = std::to_string(number);
  return answer<PullRequest>(get(repo_path("/pulls/" + n)), "GET pull #" + n, pull_of);
}

Result<std::optional<Label>> GithubClient::get_label(const std::string& name) {
  auto r = get(repo_path("/labels/" + encode_component(name)));
  if (r.status == 404) return {std::optional<Label>{}, std::nullopt};
  if (!r.ok()) return Result<std::optional<Label>>::fail(failure_of(r, "GET label " + name));
  auto j = parse(r.body);
  if (!j || !j->is_object()) return Result<std::optional<Label>>::fail(shape("GET label", "body"));
  return {Label{str(*j, "name"), str(*j, "color"), str(*j, "description")}, std::nullopt};
}

Result<std::optional<GitRef>> GithubClient::get_branch_ref(const std::string& branch) {
  auto r = get(repo_path("/git/ref/heads/" + branch));
  if (r.status == 404) return {std::optional<GitRef>{}, std::nullopt};
  if (!r.ok()) return Result<std::optional<GitRef>>::fail(failure_of(r, "GET ref " + branch));
  auto j = parse(r.body);
  if (!j || !j->is_object() || !j->contains("object") || !(*j)["object"].is_object()) {
    return Result<std::optional<GitRef>>::fail(shape("GET ref " + branch, "no object"));
  }
  return {GitRef{str(*j, "ref"), str((*j)["object"], "sha")}, std::nullopt};
}

Result<std::optional<std::string>> GithubClient::get_contents(const std::string& path,
                                                              const std::string& ref) {
  using R = Result<std::optional<std::string>>;
  auto r = get(repo_path("/contents/" + path + "?ref=" + encode_component(ref)));
  if (r.status == 404) return {std::optional<std::string>{}, std::nullopt};
  if (!r.ok()) return R::fail(failure_of(r, "GET contents " + path));
  auto j = parse(r.body);
  if (!j || !j->is_object() || str(*j, "encoding") != "base64") {
    return R::fail(shape("GET contents " + path, "not a base64 file"));
  }
  return {base64_decode(str(*j, "content")), std::nullopt};
}

Result<Label> GithubClient::create_label(const Label& label) {
  json body = {{"name", label.name}, {"color", label.color}};
  if (!label.description.empty()) body["description"] = label.description;
  auto r = write("POST", repo_path("/labels"), body.dump(), "label " + label.name);
  if (!r.ok()) return Result<Label>::fail(failure_of(r, "POST label " + label.name));
  return {label, std::nullopt};
}

Result<Issue> GithubClient::create_issue(const std::string& title, const std::string& body,
                                         const std::vector<std::string>& labels) {
  json j = {{"title", title}, {"body", body}, {"labels", labels}};
  return answer<Issue>(
      write("POST", repo_path("/issues"), j.dump(), "issue \"" + first_line(title) + "\""),
      "POST issue", issue_of);
}

Result<Issue> GithubClient::update_issue(long long number, const IssueEdit& edit) {
  const std::string n = std::to_string(number);
  auto [j, summary] = edit_body(edit.title, edit.body, edit.state, "issue #" + n);
  if (edit.state_reason) j["state_reason"] = *edit.state_reason;
  return answer<Issue>(write("PATCH", repo_path("/issues/" + n), j.dump(), summary),
                       "PATCH issue #" + n, issue_of);
}

Done GithubClient::add_labels(long long issue_number, const std::vector<std::string>& labels) {
  json j = {{"labels", labels}};
  std::string names;
  for (const auto& l : labels) names += (names.empty() ? "" : ",") + l;
  auto r = write("POST", repo_path("/issues/" + std::to_string(issue_number) + "/labels"), j.dump(),
                 "labels " + names + " on #" + std::to_string(issue_number));
  if (!r.ok()) return Done::fail(failure_of(r, "POST labels"));
  return {std::monostate{}, std::nullopt};
}

Result<Comment> GithubClient::create_comment(long long issue_number, const std::string& body) {
  json j = {{"body", body}};
  auto r = write("POST", repo_path("/issues/" + std::to_string(issue_number) + "/comments"),
                 j.dump(), "comment on #" + std::to_string(issue_number) + ": " + first_line(body));
  if (!r.ok()) return Result<Comment>::fail(failure_of(r, "POST comment"));
  auto parsed = parse(r.body);
  if (!parsed || !parsed->is_object()) {
    return Result<Comment>::fail(shape("POST comment", "not an object"));
  }
  return {Comment{integer(*parsed, "id"), str(*parsed, "body"), {}}, std::nullopt};
}

Result<PullRequest> GithubClient::create_pull(const std::string& title, const std::string& head,
                                              const std::string& base, const std::string& body) {
  json j = {{"title", title}, {"head", head}, {"base", base}, {"body", body}};
  return answer<PullRequest>(write("POST", repo_path("/pulls"), j.dump(),
                                   "pull " + head + " \"" + first_line(title) + "\""),
                             "POST pull " + head, pull_of);
}

Result<PullRequest> GithubClient::update_pull(long long number, const PullEdit& edit) {
  const std::string n = std::to_string(number);
  auto [j, summary] = edit_body(edit.title, edit.body, edit.state, "pull #" + n);
  return answer<PullRequest>(write("PATCH", repo_path("/pulls/" + n), j.dump(), summary),
                             "PATCH pull #" + n, pull_of);
}

Done GithubClient::delete_branch(const std::string& branch) {
  auto r = write("DELETE", repo_path("/git/refs/heads/" + branch), "", "branch " + branch);
  if (r.status == 422 || r.status == 404) return {std::monostate{}, std::nullopt};  // already gone
  if (!r.ok()) return Done::fail(failure_of(r, "DELETE branch " + branch));
  return {std::monostate{}, std::nullopt};
}

}  // namespace versiond::forge
