// The single Catch2 main shared by every suite (compiled once).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "support/fake_upstream.hpp"

// A fake upstream destroyed after unregistered requests fails the running case.
void versiond::test::report_stray_requests(const std::string& message) { FAIL_CHECK(message); }
