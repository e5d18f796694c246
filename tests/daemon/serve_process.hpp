// `versiond serve` as a child process: started in the background with its
// stderr in a file, signalled, and waited for with a bound (short polling,
// never a fixed sleep).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace versiond::test {

class ServeProcess {
 public:
  ServeProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::filesystem::path& log_dir);
  ~ServeProcess();  // SIGKILL if still running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  void signal(int sig) const;
  pid_t pid() const noexcept { return pid_; }
  // The exit code (128+signal when killed), or nullopt if still running after `limit`.
  std::optional<int> wait(std::chrono::milliseconds limit);
  std::string err() const;  // stderr so far

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_;
  std::filesystem::path err_file_;
};

// Polls `ready` every 20 ms until it holds or `limit` passes; answers whether it held.
bool eventually(const std::function<bool()>& ready, std::chrono::milliseconds limit);

struct HttpAnswer {
  int status = 0;  // 0: no answer
  std::string body;
};
HttpAnswer http_get(int port, const std::string& path);

}  // namespace versiond::test
