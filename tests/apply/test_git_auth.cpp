// The cache clone's credentials against a real git smart-HTTP server: Git's
// own `git http-backend`, run as a CGI program behind cpp-httplib on
// 127.0.0.1, which demands HTTP Basic authentication like GitHub does.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/apply/git_cache.hpp"
#include "versiond/core/clock.hpp"

using namespace versiond;

namespace {

const std::string token = "ghs_fake_token_for_git_auth";

std::string git_binary() { return test::program_on_path("git"); }

std::string base64(const std::string& in) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(in[i]) << 16U) |
                   (static_cast<unsigned char>(in[i + 1]) << 8U) |
                   static_cast<unsigned char>(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += k_alphabet[(n >> shift) & 63U];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16U;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8U;
    out += k_alphabet[(n >> 18U) & 63U];
    out += k_alphabet[(n >> 12U) & 63U];
    out += i + 1 < in.size() ? k_alphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

// Serves the bare repositories under `root`; every request must carry
// "x-access-token:<token>" as Basic credentials, else 401.
class GitHttpServer {
 public:
  explicit GitHttpServer(std::filesystem::path root) : root_(std::move(root)) {
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      serve(req, res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~GitHttpServer() {
    server_.stop();
    thread_.join();
  }
  GitHttpServer(const GitHttpServer&) = delete;
  GitHttpServer& operator=(const GitHttpServer&) = delete;

  std::string url(const std::string& repo) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + repo;
  }
  // Every Authorization header received ("" for a request without one).
  std::vector<std::string> authorizations() const {
    std::lock_guard lock(mutex_);
    return authorizations_;
  }

 private:
  void serve(const httplib::Request& req, httplib::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    {
      std::lock_guard lock(mutex_);
      authorizations_.push_back(auth);
    }
    if (auth != "Basic " + base64("x-access-token:" + token)) {
      res.status = 401;
      res.set_header("WWW-Authenticate", R"(Basic realm="git")");
      return;
    }
    std::string query;
    for (const auto& [k, v] : req.params) query += (query.empty() ? "" : "&") + k + "=" + v;
    const auto cgi = test::run_process({git_binary(), "http-backend"},
                                       {{"GIT_PROJECT_ROOT", root_.string()},
                                        {"GIT_HTTP_EXPORT_ALL", "1"},
                                        {"REQUEST_METHOD", req.method},
                                        {"PATH_INFO", req.path},
                                        {"QUERY_STRING", query},
                                        {"CONTENT_TYPE", req.get_header_value("Content-Type")},
                                        {"CONTENT_LENGTH", std::to_string(req.body.size())},
                                        {"REMOTE_USER", "x-access-token"},
                                        {"REMOTE_ADDR", "127.0.0.1"}},
                                       req.body);
    // A CGI answer: header lines, an empty line, the body.
    // (No Catch assertion here: this runs on the server's thread.)
    const auto end = cgi.out.find("\r\n\r\n");
    if (end == std::string::npos) {
      res.status = 500;
      return;
    }
    std::istringstream headers(cgi.out.substr(0, end));
    std::string content_type = "application/octet-stream";
    res.status = 200;
    for (std::string line; std::getline(headers, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto colon = line.find(": ");
      if (colon == std::string::npos) continue;
      const auto name = line.substr(0, colon);
      const auto value = line.substr(colon + 2);
      if (name == "Status") {
        res.status = std::stoi(value);
      } else if (name == "Content-Type") {
        content_type = value;
      } else {
        res.set_header(name, value);
      }
    }
    res.set_content(cgi.out.substr(end + 4), content_type);
  }

  std::filesystem::path root_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<std::string> authorizations_;
};

struct World {
  World() {
    const auto remote = dir.path() / "srv" / "remote.git";
    const auto work = dir.path() / "work";
    run({"init", "-q", "--bare", "-b", "main", remote.string()});
    run({"init", "-q", "-b", "main", work.string()});
    dir.write("work/Dockerfile", "FROM alpine:3.18.0\n");
    run({"-C", work.string(), "add", "-A"});
    run({"-C", work.string(), "-c", "user.name=M", "-c", "user.email=m@example.com", "commit", "-q",
         "-m", "init"});
    run({"-C", work.string(), "push", "-q", remote.string(), "main"});
    base = run({"--git-dir", remote.string(), "rev-parse", "main"}).substr(0, 40);
  }
  static std::string run(std::vector<std::string> args) {
    args.insert(args.begin(), git_binary());
    const auto r = test::run_process(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
  }
  // Fetches, commits a change on main and pushes it as `branch`; "" on success.
  std::string push_change(apply::GitCache& cache, const std::string& branch) {
    if (auto failed = cache.fetch(); !failed.empty()) return failed;
    const auto tree = cache.tree_with(base, {{"Dockerfile", "FROM alpine:3.20.0\n"}});
    const auto sha = cache.commit(base, tree, "Update alpine",
                                  Clock::time_point(std::chrono::seconds(1764500000)));
    return cache.push(branch, sha, false);
  }
  bool remote_has(const std::string& branch) const {
    return test::run_process({git_binary(), "--git-dir", (dir.path() / "srv/remote.git").string(),
                              "rev-parse", "--verify", "-q", "refs/heads/" + branch})
               .exit_code == 0;
  }

  test::TempDir dir;
  std::string base;
  GitHttpServer server{dir.path() / "srv"};
};

}  // namespace

TEST_CASE("git auth: fetch and push send the token to the forge's host as Basic credentials") {
  World w;
  apply::GitCache cache(w.dir.path() / "cache.git", w.server.url("remote.git"),
                        apply::GitAuth{token, "127.0.0.1"});
  CHECK(w.push_change(cache, "versiond/alpine") == "");
  CHECK(w.remote_has("versiond/alpine"));
  CHECK(cache.remote_sha("main") == w.base);
  const auto seen = w.server.authorizations();
  CHECK(std::count(seen.begin(), seen.end(), "Basic " + base64("x-access-token:" + token)) >= 2);
}

TEST_CASE("git auth: a remote on another host never sees the token") {
  World w;
  apply::GitCache cache(w.dir.path() / "cache.git", w.server.url("remote.git"),
                        apply::GitAuth{token, "github.com"});
  const auto failed = w.push_change(cache, "versiond/alpine");
  CHECK(failed.find("fetch") != std::string::npos);
  CHECK(failed.find(token) == std::string::npos);
  CHECK_FALSE(w.remote_has("versiond/alpine"));
  for (const auto& header : w.server.authorizations()) CHECK(header.empty());
}

TEST_CASE("git auth: a refused token is offered once per transfer, then the transfer fails") {
  World w;
  apply::GitCache cache(w.dir.path() / "cache.git", w.server.url("remote.git"),
                        apply::GitAuth{"ghs_revoked_token", "127.0.0.1"});
  const auto failed = cache.fetch();
  CHECK_FALSE(failed.empty());
  CHECK(failed.find("ghs_revoked_token") == std::string::npos);
  const auto seen = w.server.authorizations();
  CHECK(std::count(seen.begin(), seen.end(),
                   "Basic " + base64("x-access-token:ghs_revoked_token")) == 1);
}

TEST_CASE("git auth: without a token the server's 401 is one clear failure") {
  World w;
  apply::GitCache cache(w.dir.path() / "cache.git", w.server.url("remote.git"));
  const auto failed = cache.fetch();
  INFO(failed);
  CHECK(failed.rfind("fetch: ", 0) == 0);
  CHECK_FALSE(w.remote_has("versiond/alpine"));
}
