// Bearer challenges exactly as registries sent them (recorded captures).
#include <catch2/catch.hpp>

#include "sources/bearer_challenge.hpp"
#include "support/temp_dir.hpp"

using namespace versiond;

namespace {

// The Www-Authenticate value of a raw HTTP capture.
std::string challenge_of(const std::string& fixture) {
  std::string text = test::read_fixture(fixture);
  auto at = text.find("Www-Authenticate: ");
  REQUIRE(at != std::string::npos);
  at += 18;
  return text.substr(at, text.find('\n', at) - at);
}

}  // namespace

TEST_CASE("Docker Hub's challenge gives realm and service", "[sources][oci]") {
  auto params = sources::detail::parse_bearer_challenge(
      challenge_of("upstream/oci/dockerhub-01-v2-ping-401.http"));
  CHECK(params.at("realm") == "https://auth.docker.io/token");
  CHECK(params.at("service") == "registry.docker.io");
  CHECK(params.count("scope") == 0);
}

TEST_CASE("a scope with a comma inside quotes stays whole", "[sources][oci]") {
  auto params = sources::detail::parse_bearer_challenge(
      challenge_of("upstream/oci/token-auth-401-challenge-with-scope.http"));
  CHECK(params.at("realm") == "https://auth.docker.io/token");
  CHECK(params.at("service") == "registry.docker.io");
  CHECK(params.at("scope") == "repository:samalba/my-app:pull,push");
}

TEST_CASE("non-Bearer challenges yield nothing", "[sources][oci]") {
  CHECK(sources::detail::parse_bearer_challenge(R"(Basic realm="Registry")").empty());
  CHECK(sources::detail::parse_bearer_challenge("").empty());
}
