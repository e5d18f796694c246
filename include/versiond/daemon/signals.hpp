// SIGTERM, SIGINT and SIGHUP as events: the signals are blocked in every
// thread (construct this before starting any other thread) and one thread
// takes them with sigwait(2) and calls `on_signal` there, outside any signal
// handler. The destructor stops that thread and restores the old mask.
#pragma once

#include <csignal>
#include <functional>
#include <thread>

namespace versiond::daemon {

enum class SignalEvent { stop, reload };

class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(SignalEvent)> on_signal);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  sigset_t set_{};
  sigset_t old_{};
  std::thread thread_;
};

}  // namespace versiond::daemon
