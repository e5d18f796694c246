// The single Catch2 main shared by every suite (compiled once).
#define CATCH_CONFIG_RUNNER
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>

#include "support/fake_upstream.hpp"

// A fake upstream destroyed after unregistered requests fails the running case.
void versiond::test::report_stray_requests(const std::string& message) { FAIL_CHECK(message); }

int main(int argc, char* argv[]) {
  // spdlog creates its registry on first use. Debian's libspdlog is built
  // without TSan, which then cannot see that creation synchronised when the
  // first use is on a lookup worker: versiond's main() makes it first, and so
  // do the tests.
  spdlog::default_logger_raw();
  return Catch::Session().run(argc, argv);
}
