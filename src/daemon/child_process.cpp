#include "versiond/daemon/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <optional>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace versiond::daemon {

namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const noexcept { return fd_; }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

struct FileActions {
  posix_spawn_file_actions_t value{};
  FileActions() { ::posix_spawn_file_actions_init(&value); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&value); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
};

struct SpawnAttributes {
  posix_spawnattr_t value{};
  SpawnAttributes() { ::posix_spawnattr_init(&value); }
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&value); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
};

std::string errno_text(const char* what, int err) {
  return std::string(what) + ": " + std::strerror(err);
}

}  // namespace

ChildRunner::ChildRunner() : wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

ChildRunner::~ChildRunner() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ChildRunner::stop() noexcept {
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof one);
}

ChildOutcome ChildRunner::run(const std::vector<std::string>& argv, std::chrono::milliseconds grace,
                              std::size_t max_output) noexcept {
  ChildOutcome o;
  try {
    if (argv.empty() || wake_fd_ < 0) {
      o.error = argv.empty() ? "no program to run" : errno_text("eventfd", ENOMEM);
      return o;
    }
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
      o.error = errno_text("pipe", errno);
      return o;
    }
    Fd read_end(fds[0]);
    Fd write_end(fds[1]);
    FileActions actions;
    ::posix_spawn_file_actions_adddup2(&actions.value, write_end.get(), STDOUT_FILENO);
    ::posix_spawn_file_actions_addclosefrom_np(&actions.value, STDERR_FILENO + 1);
    SpawnAttributes attributes;
    sigset_t none;
    sigemptyset(&none);
    sigset_t all;
    sigfillset(&all);
    ::posix_spawnattr_setsigmask(&attributes.value, &none);
    ::posix_spawnattr_setsigdefault(&attributes.value, &all);
    ::posix_spawnattr_setpgroup(&attributes.value, 0);
    ::posix_spawnattr_setflags(
        &attributes.value, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc =
        ::posix_spawn(&pid, args[0], &actions.value, &attributes.value, args.data(), environ);
    write_end.reset();
    if (rc != 0) {
      o.error = errno_text((argv[0] + ": cannot start").c_str(), rc);
      return o;
    }
    o.started = true;

    // A kill deadline, not a date: the steady clock is the right one here.
    std::optional<std::chrono::steady_clock::time_point> kill_at;
    bool killed = false;
    bool overflow = false;
    int status = 0;
    std::array<char, 65536> buffer{};
    for (;;) {
      const bool reading = read_end.get() >= 0;
      if (!reading) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno != EINTR)) break;
      }
      std::array<pollfd, 2> p{{{read_end.get(), POLLIN, 0}, {wake_fd_, POLLIN, 0}}};
      int timeout = -1;
      if (kill_at && !killed) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            *kill_at - std::chrono::steady_clock::now());
        timeout = static_cast<int>(std::max<std::int64_t>(left.count(), 0));
      }
      if (!reading) timeout = timeout < 0 ? 50 : std::min(timeout, 50);
      const int n = ::poll(p.data(), kill_at ? 1 : 2, timeout);
      if (n < 0 && errno != EINTR) {
        o.error = errno_text("poll", errno);
        ::kill(-pid, SIGKILL);
        killed = true;
        read_end.reset();
        continue;
      }
      if (!kill_at && (p[1].revents & POLLIN) != 0) {
        o.stopped = true;
        ::kill(-pid, SIGTERM);
        kill_at = std::chrono::steady_clock::now() + grace;
      }
      if (kill_at && !killed && std::chrono::steady_clock::now() >= *kill_at) {
        ::kill(-pid, SIGKILL);
        killed = true;
      }
      if (reading && (p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t got = ::read(read_end.get(), buffer.data(), buffer.size());
        if (got > 0 && !overflow) {
          if (o.out.size() + static_cast<std::size_t>(got) > max_output) {
            overflow = true;
            o.error = "more than " + std::to_string(max_output) + " bytes on standard output";
            ::kill(-pid, SIGKILL);
            killed = true;
          } else {
            o.out.append(buffer.data(), static_cast<std::size_t>(got));
          }
        } else if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) {
          read_end.reset();
        }
      }
    }
    if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
    if (overflow) o.exit_code = -1;
  } catch (const std::exception& e) {  // allocation failure: the run failed, nothing escapes
    o.error = e.what();
  }
  return o;
}

}  // namespace versiond::daemon
