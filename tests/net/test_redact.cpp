#include <catch2/catch.hpp>

#include "versiond/net/redact.hpp"

using namespace versiond;

TEST_CASE("registered secrets and bearer values are masked", "[net][redact]") {
  net::register_secret("ghp_registeredSecretValue123");
  CHECK(net::redact("token ghp_registeredSecretValue123 leaked") == "token *** leaked");
  CHECK(net::redact("Authorization: Bearer abc.def.ghi, next") ==
        "Authorization: Bearer ***, next");
  CHECK(net::redact("nothing secret here") == "nothing secret here");
  net::register_secret("abc");  // too short to register: would mangle ordinary text
  CHECK(net::redact("abcdef") == "abcdef");
}
