#include "versiond/daemon/http_server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "versiond/core/error.hpp"

namespace versiond::daemon {

struct HttpServer::Impl {
  httplib::Server server;
};

namespace {

// Runs an endpoint's callback; whatever it throws is a 500, never an escape
// from the server's thread.
void answer(httplib::Response& res, const std::function<Answer()>& endpoint) {
  Answer a;
  try {
    a = endpoint();
  } catch (const std::exception& e) {
    a = {500, std::string("internal error: ") + e.what() + "\n"};
  }
  res.status = a.status;
  res.set_content(a.body, a.content_type.c_str());
}

}  // namespace

HttpServer::HttpServer(const std::string& listen, Endpoints endpoints)
    : impl_(std::make_unique<Impl>()) {
  const auto colon = listen.rfind(':');
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const int port = std::stoi(listen.substr(colon + 1));
  auto& s = impl_->server;
  // Probes and scrapes are small and rare: two workers instead of the
  // library's default of 8 or more (fewer idle threads and stacks). The
  // raw pointer is httplib's interface: the server owns the queue.
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory)
  s.new_task_queue = [] { return new httplib::ThreadPool(2); };
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  s.Get("/readyz", [readyz = std::move(endpoints.readyz)](
                       const httplib::Request&, httplib::Response& res) { answer(res, readyz); });
  s.Get("/metrics", [metrics = std::move(endpoints.metrics)](
                        const httplib::Request&, httplib::Response& res) { answer(res, metrics); });
  const bool bound = port == 0 ? (port_ = s.bind_to_any_port(host.c_str())) > 0
                               : s.bind_to_port(host.c_str(), port);
  if (!bound) {
    throw Error(ErrorKind::usage, "server.listen: cannot listen on " + listen);
  }
  if (port != 0) port_ = port;
  thread_ = std::thread([this] {
    try {
      if (!impl_->server.listen_after_bind()) spdlog::error("the HTTP server stopped");
    } catch (const std::exception& e) {  // nothing leaves the thread
      spdlog::error("the HTTP server stopped: {}", e.what());
    }
  });
}

void HttpServer::stop() {
  impl_->server.stop();
  if (thread_.joinable()) thread_.join();
}

HttpServer::~HttpServer() { stop(); }

}  // namespace versiond::daemon
