// The service's HTTP endpoints on cpp-httplib: GET /healthz, /readyz and
// /metrics, answered from callbacks. Bound in the constructor (so a port in
// use fails start-up), served on its own threads until stop() or destruction.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace versiond::daemon {

struct Answer {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain; charset=utf-8";
};

struct Endpoints {
  std::function<Answer()> readyz;
  std::function<Answer()> metrics;
};

class HttpServer {
 public:
  // listen: "host:port" (port 0: any free one). Throws Error(usage) naming the
  // address when it cannot be bound.
  HttpServer(const std::string& listen, Endpoints endpoints);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const noexcept { return port_; }
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace versiond::daemon
