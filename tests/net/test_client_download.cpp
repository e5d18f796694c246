// HttpClient::download: a body streamed into a new file under a size cap, the
// partial file removed on any failure.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/net/client.hpp"

using namespace versiond;
namespace fs = std::filesystem;

namespace {

// A loopback server that sends `total` bytes in chunks without announcing a
// Content-Length, so only the client's running count can stop it.
class ChunkedServer {
 public:
  explicit ChunkedServer(std::size_t total) {
    server_.Get("/big.zip", [total](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider(
          "application/zip",
          [total, sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
            if (sent >= total) {
              sink.done();
              return true;
            }
            const std::string block(std::min<std::size_t>(64 * 1024, total - sent), 'x');
            sent += block.size();
            return sink.write(block.data(), block.size());
          });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~ChunkedServer() {
    server_.stop();
    thread_.join();
  }
  ChunkedServer(const ChunkedServer&) = delete;
  ChunkedServer& operator=(const ChunkedServer&) = delete;
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

bool folder_empty(const fs::path& dir) { return fs::is_empty(dir); }

}  // namespace

TEST_CASE("download streams a body into a new file", "[net][download]") {
  test::FakeUpstream up;
  const std::string body(300 * 1024, 'z');
  up.add("/pkg.zip", test::Reply{200, {}, body, "application/zip"});
  test::TempDir dir;
  net::HttpClient client(test::loopback_options());
  const auto r =
      client.download({up.base() + "/pkg.zip", {}, false}, dir.path() / "pkg.zip", 1024 * 1024);
  REQUIRE(r.ok());
  CHECK(r.body.empty());
  CHECK(test::read_file(dir.path() / "pkg.zip") == body);
  CHECK((fs::status(dir.path() / "pkg.zip").permissions() & fs::perms::group_all) ==
        fs::perms::none);
}

TEST_CASE("a chunked body past the cap is aborted and leaves no file", "[net][download]") {
  ChunkedServer server(2 * 1024 * 1024);
  test::TempDir dir;
  net::HttpClient client(test::loopback_options());
  const auto r =
      client.download({server.url("/big.zip"), {}, false}, dir.path() / "big.zip", 1024 * 1024);
  CHECK_FALSE(r.ok());
  CHECK(r.transport == net::TransportError::too_large);
  CHECK(r.error == "response larger than 1048576 bytes");
  CHECK(folder_empty(dir.path()));
}

TEST_CASE("a body under the cap arrives whole, chunked", "[net][download]") {
  ChunkedServer server(700 * 1024);
  test::TempDir dir;
  net::HttpClient client(test::loopback_options());
  const auto r =
      client.download({server.url("/big.zip"), {}, false}, dir.path() / "big.zip", 1024 * 1024);
  REQUIRE(r.ok());
  CHECK(fs::file_size(dir.path() / "big.zip") == 700 * 1024);
}

TEST_CASE("an announced Content-Length past the cap is refused before the body",
          "[net][download]") {
  test::FakeUpstream up;
  up.add("/pkg.zip", test::Reply{200, {}, std::string(64 * 1024, 'z'), "application/zip"});
  test::TempDir dir;
  net::HttpClient client(test::loopback_options());
  const auto r = client.download({up.base() + "/pkg.zip", {}, false}, dir.path() / "pkg.zip", 1000);
  CHECK(r.transport == net::TransportError::too_large);
  CHECK(r.error == "response larger than 1000 bytes");
  CHECK(folder_empty(dir.path()));
}

TEST_CASE("an error answer goes to the body, not the file, and no file is left",
          "[net][download]") {
  test::FakeUpstream up;
  up.not_found("/missing.zip");
  test::TempDir dir;
  net::HttpClient client(test::loopback_options());
  const auto r =
      client.download({up.base() + "/missing.zip", {}, false}, dir.path() / "missing.zip", 1000);
  CHECK(r.status == 404);
  CHECK(r.body.find("Not Found") != std::string::npos);
  CHECK(folder_empty(dir.path()));
}

TEST_CASE("download never writes through an existing file or link", "[net][download]") {
  test::FakeUpstream up;
  test::TempDir dir;
  dir.write("victim", "keep me");
  fs::create_symlink(dir.path() / "victim", dir.path() / "link.zip");
  net::HttpClient client(test::loopback_options());
  CHECK_THROWS_AS(
      client.download({up.base() + "/pkg.zip", {}, false}, dir.path() / "link.zip", 1000), Error);
  CHECK(test::read_file(dir.path() / "victim") == "keep me");
  CHECK(up.total_hits() == 0);
}
