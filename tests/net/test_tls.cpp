// TLS verification stays on: a self-signed loopback server is refused unless
// its certificate is explicitly trusted through ca_bundle.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <thread>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/net/client.hpp"

using namespace versiond;

namespace {

// A throwaway self-signed certificate for 127.0.0.1, made with the openssl tool.
struct SelfSigned {
  test::TempDir dir;
  std::string cert = (dir.path() / "cert.pem").string();
  std::string key = (dir.path() / "key.pem").string();
  SelfSigned() {
    auto r = test::run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                "-keyout", key, "-out", cert, "-days", "1", "-subj",
                                "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    if (r.exit_code != 0) throw std::runtime_error("openssl req failed: " + r.err);
  }
};

class TlsServer {
 public:
  explicit TlsServer(const SelfSigned& pki) : server_(pki.cert.c_str(), pki.key.c_str()) {
    server_.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"ok":true})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace

TEST_CASE("an untrusted certificate is refused even on loopback", "[net][tls]") {
  SelfSigned pki;
  TlsServer server(pki);
  net::HttpOptions options;
  options.max_retries = 0;
  net::HttpClient client(options);
  auto r = client.fetch({server.url("/ok"), {}, true});
  CHECK(r.status == 0);
  CHECK(r.transport == net::TransportError::tls);
  CHECK_FALSE(r.error.empty());
}

TEST_CASE("a certificate trusted through ca_bundle is accepted", "[net][tls]") {
  SelfSigned pki;
  TlsServer server(pki);
  net::HttpOptions options;
  options.ca_bundle = pki.cert;
  net::HttpClient client(options);
  auto r = client.fetch({server.url("/ok"), {}, true});
  CHECK(r.status == 200);
  CHECK(r.body == R"({"ok":true})");
}
