#include "support/fake_upstream.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "support/temp_dir.hpp"

namespace versiond::test {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "path?b=2&a=1" → "path?a=1&b=2" with decoded values, so recorded targets and
// the (decoded, sorted) parameters httplib hands over compare equal.
std::string canonical(const std::string& path, const httplib::Params& params) {
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : params) {
    out += sep + k + "=" + v;
    sep = '&';
  }
  return out;
}

std::string canonical(const std::string& target) {
  auto q = target.find('?');
  if (q == std::string::npos) return target;
  httplib::Params params;
  httplib::detail::parse_query_text(target.substr(q + 1), params);
  return canonical(target.substr(0, q), params);
}

std::string origin_of(const std::string& url) {
  auto sep = url.find("://");
  if (sep == std::string::npos) return {};
  return url.substr(0, url.find('/', sep + 3));
}

std::string target_of(const std::string& url) {
  auto sep = url.find("://");
  if (sep == std::string::npos) return url;
  auto slash = url.find('/', sep + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// Headers the fake must not replay verbatim: httplib frames the body itself.
bool framing_header(const std::string& lower_name) {
  return lower_name == "content-length" || lower_name == "transfer-encoding" ||
         lower_name == "content-encoding" || lower_name == "connection" || lower_name == "status" ||
         lower_name == "content-type";
}

std::string header_of(const Reply& r, const std::string& lower_name) {
  for (const auto& [k, v] : r.headers)
    if (lower(k) == lower_name) return v;
  return {};
}

}  // namespace

struct FakeUpstream::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<bool> stopping{false};

  mutable std::mutex mutex;
  std::map<std::string, Reply> routes;  // canonical target → reply
  std::map<std::string, std::function<Reply(const std::string&)>> post_routes;  // bare path
  std::map<std::string, std::vector<std::string>> post_bodies;
  std::map<std::string, std::deque<Fault>> faults;
  std::map<std::string, std::size_t> hits;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> seen_headers;
  std::size_t total = 0;
  std::vector<std::string> requests;    // "METHOD target"
  std::vector<std::string> unexpected;  // requests nothing registered answered
  std::size_t not_modified = 0;
  std::size_t in_flight = 0;
  std::size_t max_in_flight = 0;
  std::chrono::milliseconds latency{0};
  struct Bearer {
    std::string prefix, token, service;
  };
  std::vector<Bearer> bearers;
  std::optional<Reply> token_reply;
  struct ScopedBearer {
    std::string prefix, service;
    std::size_t max_scopes = 0;
    bool reject_extra_scopes = false;
  };
  std::optional<ScopedBearer> scoped;
  std::vector<std::size_t> token_scope_counts;

  static std::string repository_of(const std::string& path) {
    auto end = path.find("/tags/");
    if (end == std::string::npos) end = path.find("/manifests/");
    return end == std::string::npos || end < 4 ? std::string{} : path.substr(4, end - 4);
  }

  static Reply challenge_for(const std::string& realm_base, const std::string& service,
                             const std::string& repo) {
    Reply challenge;
    challenge.status = 401;
    challenge.headers = {
        {"Www-Authenticate", "Bearer realm=\"" + realm_base + "/token\",service=\"" + service +
                                 "\",scope=\"repository:" + repo + ":pull\""},
        {"Docker-Distribution-Api-Version", "registry/2.0"}};
    challenge.body =
        R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]})";
    return challenge;
  }

  // Scoped mode (caller holds `mutex`): the token is "scoped:" + the granted names joined by ','.
  std::optional<Reply> scoped_answer(const httplib::Request& req) {
    if (!scoped) return std::nullopt;
    if (req.path == "/token") {
      std::vector<std::string> names;
      std::size_t count = 0;
      for (auto [it, end] = req.params.equal_range("scope"); it != end; ++it) {
        ++count;
        const std::string& scope = it->second;  // repository:NAME:pull
        auto first = scope.find(':'), last = scope.rfind(':');
        if (first != last && names.size() < scoped->max_scopes)
          names.push_back(scope.substr(first + 1, last - first - 1));
      }
      token_scope_counts.push_back(count);
      if (scoped->reject_extra_scopes && count > scoped->max_scopes)
        return Reply{400,
                     {},
                     R"({"errors":[{"code":"DENIED","message":"too many scopes"}]})",
                     "application/json"};
      std::string token = "scoped:";
      for (std::size_t i = 0; i < names.size(); ++i) token += (i ? "," : "") + names[i];
      return Reply{200,
                   {},
                   nlohmann::json{{"token", token}, {"expires_in", 300}}.dump(),
                   "application/json"};
    }
    if (req.path.rfind(scoped->prefix, 0) != 0) return std::nullopt;
    const std::string repo = repository_of(req.path);
    std::string granted = req.get_header_value("Authorization");
    const std::string lead = "Bearer scoped:";
    if (granted.rfind(lead, 0) == 0) {
      std::string list = "," + granted.substr(lead.size()) + ",";
      if (list.find("," + repo + ",") != std::string::npos) return std::nullopt;
    }
    return challenge_for(base(), scoped->service, repo);
  }

  void sleep_for(std::chrono::milliseconds d) {
    auto until = std::chrono::steady_clock::now() + d;
    while (!stopping && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  static void write(const Reply& reply, httplib::Response& res) {
    res.status = reply.status;
    std::string type = reply.content_type;
    for (const auto& [k, v] : reply.headers) {
      auto name = lower(k);
      if (name == "content-type") type = v;
      if (!framing_header(name)) res.set_header(k, v);
    }
    // httplib compresses bare "application/json" (and text/*) with brotli at its
    // slowest setting whenever the client accepts "br", which would make the fake,
    // not the client, the bottleneck of every measurement. The charset suffix (what
    // GitHub sends anyway) keeps bodies as recorded.
    if (type == "application/json") type += "; charset=utf-8";
    res.set_content(reply.body, type);
  }

  // Counts a request as in flight for the lifetime of the handler.
  struct InFlight {
    Impl& impl;
    explicit InFlight(Impl& i) : impl(i) {
      std::lock_guard lock(impl.mutex);
      impl.max_in_flight = std::max(impl.max_in_flight, ++impl.in_flight);
    }
    ~InFlight() {
      std::lock_guard lock(impl.mutex);
      --impl.in_flight;
    }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
  };

  void handle(const httplib::Request& req, httplib::Response& res) {
    InFlight counted(*this);
    std::optional<Fault> fault;
    std::chrono::milliseconds delay;
    {
      std::lock_guard lock(mutex);
      ++hits[req.path];
      ++total;
      requests.push_back(req.method + " " + req.target);
      for (const auto& [k, v] : req.headers) seen_headers[req.path].emplace_back(lower(k), v);
      auto& queue = faults[req.path];
      if (!queue.empty()) {
        fault = queue.front();
        queue.pop_front();
      }
      delay = latency;
    }
    if (delay.count() > 0) sleep_for(delay);
    if (fault && fault->kind == Fault::Kind::slow) sleep_for(fault->delay);
    if (fault && fault->kind == Fault::Kind::status) return write(fault->reply, res);
    if (fault && fault->kind == Fault::Kind::malformed) {
      Reply broken = fault->reply;
      broken.status = 200;
      return write(broken, res);
    }
    std::optional<Reply> route;
    {
      std::lock_guard lock(mutex);
      for (const auto& b : bearers) {
        if (req.path.rfind(b.prefix, 0) != 0) continue;
        if (req.get_header_value("Authorization") == "Bearer " + b.token) break;
        return write(challenge_for(base(), b.service, repository_of(req.path)), res);
      }
      if (auto answer = scoped_answer(req)) return write(*answer, res);
      if (req.path == "/token" && token_reply) {
        route = token_reply;
      } else {
        auto it = routes.find(canonical(req.path, req.params));
        if (it == routes.end()) it = routes.find(req.path);
        if (it != routes.end()) route = it->second;
      }
    }
    if (!route) {
      {
        std::lock_guard lock(mutex);
        unexpected.push_back(req.method + " " + req.target);
      }
      res.status = 404;
      res.set_content(R"({"message":"Not Found"})", "application/json");
      return;
    }
    std::string etag = header_of(*route, "etag");
    if (!etag.empty() && req.get_header_value("If-None-Match") == etag) {
      std::lock_guard lock(mutex);
      ++not_modified;
      res.status = 304;
      res.set_header("ETag", etag);
      return;
    }
    if (fault && fault->kind == Fault::Kind::truncate) {
      auto body = std::make_shared<std::string>(route->body);
      res.status = route->status;
      res.set_content_provider(body->size(), route->content_type,
                               [body](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset == 0) sink.write(body->data(), body->size() / 2);
                                 return false;  // drop the connection mid-body
                               });
      return;
    }
    write(*route, res);
  }

  void handle_post(const httplib::Request& req, httplib::Response& res) {
    std::function<Reply(const std::string&)> answer;
    {
      std::lock_guard lock(mutex);
      ++hits[req.path];
      ++total;
      requests.push_back(req.method + " " + req.target);
      post_bodies[req.path].push_back(req.body);
      if (auto it = post_routes.find(req.path); it != post_routes.end()) answer = it->second;
      if (!answer) unexpected.push_back(req.method + " " + req.target);
    }
    if (!answer) {
      res.status = 404;
      res.set_content(R"({"message":"Not Found"})", "application/json");
      return;
    }
    write(answer(req.body), res);
  }

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port); }
};

FakeUpstream::FakeUpstream() : impl_(std::make_unique<Impl>()) {
  // Enough workers for many keep-alive connections at once (curl opens several per host).
  // cpp-httplib takes ownership of the raw pointer its factory returns.
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory)
  impl_->server.new_task_queue = [] { return new httplib::ThreadPool(48); };
  impl_->server.set_keep_alive_timeout(2);
  impl_->server.set_keep_alive_max_count(
      1000);  // httplib's default of 5 reconnects far more than real servers
  // httplib writes headers and body separately; without TCP_NODELAY, Nagle plus
  // the client's delayed ACK adds ~40 ms to every response with a body.
  impl_->server.set_tcp_nodelay(true);
  impl_->server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    impl_->handle(req, res);
  });
  impl_->server.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
    impl_->handle_post(req, res);
  });
  impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
  if (impl_->port <= 0) throw std::runtime_error("fake upstream: cannot bind 127.0.0.1");
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeUpstream::~FakeUpstream() {
  impl_->stopping = true;
  impl_->server.stop();
  impl_->thread.join();
  // Strictness: the destructor runs on the test's thread, after the server
  // thread has stopped, so the check is reported against the running case.
  std::string stray;
  for (const auto& r : impl_->unexpected) stray += "\n  " + r;
  if (!stray.empty())
    report_stray_requests("fake upstream: requests to routes the test did not register:" + stray);
}

int FakeUpstream::port() const noexcept { return impl_->port; }

void FakeUpstream::add_post(const std::string& path,
                            std::function<Reply(const std::string& body)> answer) {
  std::lock_guard lock(impl_->mutex);
  impl_->post_routes[path] = std::move(answer);
}

std::vector<std::string> FakeUpstream::post_bodies(const std::string& path) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->post_bodies.find(path);
  return it == impl_->post_bodies.end() ? std::vector<std::string>{} : it->second;
}
std::string FakeUpstream::base() const { return impl_->base(); }

void FakeUpstream::add(const std::string& target, Reply reply) {
  std::lock_guard lock(impl_->mutex);
  impl_->routes[canonical(target)] = std::move(reply);
}

void FakeUpstream::not_found(const std::string& target) {
  add(target, Reply{404, {}, R"({"message":"Not Found"})", "application/json"});
}

void FakeUpstream::add_file(const std::string& target, const std::string& fixture_relative,
                            const std::string& content_type) {
  Reply r;
  r.body = read_fixture(fixture_relative);
  r.content_type = content_type;
  add(target, std::move(r));
}

void FakeUpstream::load_vcr(const std::string& fixture_relative) {
  YAML::Node doc = YAML::Load(read_fixture(fixture_relative));
  for (const auto& interaction : doc["http_interactions"]) {
    std::string uri = interaction["request"]["uri"].as<std::string>();
    const auto& response = interaction["response"];
    Reply r;
    r.status = response["status"]["code"].as<int>();
    std::string origin = origin_of(uri);
    for (const auto& h : response["headers"]) {
      std::string value;
      for (const auto& v : h.second) value += (value.empty() ? "" : ", ") + v.as<std::string>();
      r.headers.emplace_back(h.first.as<std::string>(), replace_all(value, origin, base()));
    }
    r.body = response["body"]["string"].as<std::string>("");
    std::string type = header_of(r, "content-type");
    if (!type.empty()) r.content_type = type;
    add(target_of(uri), std::move(r));
  }
}

void FakeUpstream::load_octokit(const std::string& fixture_relative) {
  auto doc = nlohmann::json::parse(read_fixture(fixture_relative));
  for (const auto& interaction : doc) {
    if (interaction.value("method", "") != "get") continue;
    std::string origin = interaction.value("scope", "");
    // octokit records the scope with its port; Link headers carry the bare origin.
    if (origin.size() > 4 && origin.compare(origin.size() - 4, 4, ":443") == 0)
      origin.resize(origin.size() - 4);
    Reply r;
    r.status = interaction.value("status", 200);
    for (const auto& [k, v] : interaction["headers"].items())
      if (v.is_string())
        r.headers.emplace_back(k, replace_all(v.get<std::string>(), origin, base()));
    const auto& body = interaction["response"];
    r.body = body.is_string() ? body.get<std::string>() : body.dump();
    add(interaction.value("path", "/"), std::move(r));
  }
}

void FakeUpstream::load_http_capture(const std::string& fixture_relative) {
  std::string text = read_fixture(fixture_relative);
  auto first_end = text.find('\n');
  std::string request_line = text.substr(0, first_end);
  auto sp1 = request_line.find(' ');
  auto sp2 = request_line.rfind(' ');
  std::string target = target_of(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  auto status_at = text.find("\nHTTP/");
  if (status_at == std::string::npos) throw std::runtime_error(fixture_relative + ": no response");
  Reply r;
  auto line_end = text.find('\n', status_at + 1);
  r.status = std::stoi(text.substr(text.find(' ', status_at) + 1, 3));
  std::size_t pos = line_end + 1;
  std::string origin = origin_of(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  for (;;) {
    auto end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    if (line.empty() || end == std::string::npos) break;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    r.headers.emplace_back(line.substr(0, colon), replace_all(value, origin, base()));
  }
  r.body = text.substr(pos);
  while (!r.body.empty() && r.body.back() == '\n') r.body.pop_back();
  std::string type = header_of(r, "content-type");
  if (!type.empty()) r.content_type = type;
  add(target, std::move(r));
}

void FakeUpstream::require_bearer(const std::string& path_prefix, const std::string& token,
                                  const std::string& service, Reply token_reply) {
  std::lock_guard lock(impl_->mutex);
  impl_->bearers.push_back({path_prefix, token, service});
  impl_->token_reply = std::move(token_reply);
}

void FakeUpstream::require_scoped_bearer(const std::string& path_prefix, const std::string& service,
                                         std::size_t max_scopes, bool reject_extra_scopes) {
  std::lock_guard lock(impl_->mutex);
  impl_->scoped = Impl::ScopedBearer{path_prefix, service, max_scopes, reject_extra_scopes};
}

std::vector<std::size_t> FakeUpstream::token_scope_counts() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->token_scope_counts;
}

void FakeUpstream::inject(const std::string& path, const Fault& fault, int times) {
  std::lock_guard lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->faults[path].push_back(fault);
}

void FakeUpstream::set_latency(std::chrono::milliseconds latency) {
  std::lock_guard lock(impl_->mutex);
  impl_->latency = latency;
}

std::size_t FakeUpstream::hits(const std::string& path) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->hits.find(path);
  return it == impl_->hits.end() ? 0 : it->second;
}

std::size_t FakeUpstream::total_hits() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->total;
}

std::vector<std::string> FakeUpstream::header_values(const std::string& path,
                                                     const std::string& name) const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::string> out;
  auto it = impl_->seen_headers.find(path);
  if (it == impl_->seen_headers.end()) return out;
  for (const auto& [k, v] : it->second)
    if (k == lower(name)) out.push_back(v);
  return out;
}

std::vector<std::string> FakeUpstream::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

std::vector<std::string> FakeUpstream::unexpected() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->unexpected;
}

std::size_t FakeUpstream::not_modified_sent() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->not_modified;
}

std::size_t FakeUpstream::max_in_flight() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->max_in_flight;
}

int FakeUpstream::closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("closed_port: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("closed_port: bind failed");
  }
  ::close(fd);  // never listened: connections to it are refused
  return ntohs(addr.sin_port);
}

}  // namespace versiond::test
