#include "versiond/daemon/signals.hpp"

#include <pthread.h>

namespace versiond::daemon {

namespace {
// Sent to the waiting thread by the destructor to end it (never delivered
// from outside: it is not in the process's handled set otherwise).
constexpr int k_wake = SIGUSR2;
}  // namespace

SignalWatcher::SignalWatcher(std::function<void(SignalEvent)> on_signal) {
  sigemptyset(&set_);
  for (const int s : {SIGTERM, SIGINT, SIGHUP, k_wake}) sigaddset(&set_, s);
  pthread_sigmask(SIG_BLOCK, &set_, &old_);
  thread_ = std::thread([this, on_signal = std::move(on_signal)] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set_, &sig) != 0) continue;
      if (sig == k_wake) return;
      try {
        on_signal(sig == SIGHUP ? SignalEvent::reload : SignalEvent::stop);
      } catch (...) {  // nothing leaves the thread; the next signal is still taken
      }
    }
  });
}

SignalWatcher::~SignalWatcher() {
  pthread_kill(thread_.native_handle(), k_wake);
  thread_.join();
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

}  // namespace versiond::daemon
