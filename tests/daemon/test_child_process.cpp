// daemon::ChildRunner: how versiond-serve runs its jobs (real processes, a
// real FIFO for the handshake; no sleeps).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <thread>

#include "support/temp_dir.hpp"
#include "versiond/daemon/child_process.hpp"

using namespace versiond;
using namespace std::chrono_literals;
using daemon::ChildRunner;

namespace {

std::vector<std::string> sh(const std::string& script) { return {"/bin/sh", "-c", script}; }

// Runs `script` (which writes "ready" into the FIFO at {fifo}) and calls
// stop() once it has: the child is running when it is asked to stop.
daemon::ChildOutcome run_and_stop(const std::string& script, std::chrono::milliseconds grace) {
  test::TempDir dir;
  const auto fifo = dir.path() / "ready";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  ChildRunner runner;
  std::thread stopper([&] {
    std::ifstream in(fifo);  // blocks until the child opens it for writing
    std::string word;
    in >> word;
    runner.stop();
  });
  std::string text = script;
  text.replace(text.find("{fifo}"), 6, fifo.string());
  const auto out = runner.run(sh(text), grace);
  stopper.join();
  return out;
}

}  // namespace

TEST_CASE("child process: exit status and standard output", "[daemon][child]") {
  ChildRunner runner;
  const auto out = runner.run(sh("printf 'hello\\n'; printf 'to stderr' >&2; exit 3"), 1s);
  CHECK(out.started);
  CHECK(out.exit_code == 3);
  CHECK(out.signal == 0);
  CHECK_FALSE(out.stopped);
  CHECK(out.out == "hello\n");
  const auto big = runner.run(sh("head -c 300000 /dev/zero"), 1s);
  CHECK(big.exit_code == 0);
  CHECK(big.out.size() == 300000);
}

TEST_CASE("child process: a signal that ends the child is reported", "[daemon][child]") {
  ChildRunner runner;
  const auto out = runner.run(sh("kill -9 $$"), 1s);
  CHECK(out.started);
  CHECK(out.exit_code == -1);
  CHECK(out.signal == SIGKILL);
}

TEST_CASE("child process: a program that cannot start is an error, not an exception",
          "[daemon][child]") {
  ChildRunner runner;
  const auto out = runner.run({"/nonexistent/versiond", "serve-job"}, 1s);
  CHECK_FALSE(out.started);
  CHECK(out.error.find("/nonexistent/versiond: cannot start") != std::string::npos);
}

TEST_CASE("child process: output beyond the limit fails the run and ends the child",
          "[daemon][child]") {
  ChildRunner runner;
  const auto out = runner.run(sh("yes"), 1s, 4096);
  CHECK(out.exit_code == -1);
  CHECK(out.signal == SIGKILL);
  CHECK(out.out.size() <= 4096);
  CHECK(out.error == "more than 4096 bytes on standard output");
}

TEST_CASE("child process: only stdin, stdout and stderr are inherited", "[daemon][child]") {
  test::TempDir dir;
  // Opened without O_CLOEXEC, as a careless library might.
  const int leaked = ::open(dir.write("open.txt", "x").c_str(), O_RDONLY);  // NOLINT
  REQUIRE(leaked > 2);
  ChildRunner runner;
  const std::string n = std::to_string(leaked);
  const auto out = runner.run(
      sh("for n in 0 1 2 " + n + "; do [ -e /proc/$$/fd/$n ] && echo open || echo closed; done"),
      1s);
  ::close(leaked);
  CHECK(out.exit_code == 0);
  CHECK(out.out == "open\nopen\nopen\nclosed\n");
}

TEST_CASE("child process: stop() sends SIGTERM, also when the service blocks it",
          "[daemon][child]") {
  // The service blocks SIGTERM in every thread (signals.hpp); the child must
  // not inherit that mask.
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigset_t old;
  REQUIRE(::pthread_sigmask(SIG_BLOCK, &term, &old) == 0);
  const auto out = run_and_stop("echo ready > {fifo}; exec sleep 60", 5s);
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  CHECK(out.stopped);
  CHECK(out.signal == SIGTERM);
}

TEST_CASE("child process: a child that ignores SIGTERM gets SIGKILL after the grace period",
          "[daemon][child]") {
  const auto out = run_and_stop("trap '' TERM; echo ready > {fifo}; exec sleep 60", 200ms);
  CHECK(out.stopped);
  CHECK(out.signal == SIGKILL);
}

TEST_CASE("child process: after stop() a new run ends at once", "[daemon][child]") {
  ChildRunner runner;
  runner.stop();
  const auto out = runner.run(sh("exec sleep 60"), 1s);
  CHECK(out.stopped);
  CHECK(out.signal != 0);
}
