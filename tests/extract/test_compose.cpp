// Docker Compose images and the ${VAR:-default} expansion they share with Dockerfiles.
#include <catch2/catch.hpp>
#include <map>

#include "extract/extract_test_support.hpp"
#include "extract/variables.hpp"
#include "support/temp_dir.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::extract::expand_variables;
using versiond::extract::extract_compose;

TEST_CASE("variables: values, defaults, escapes and what stays unresolved",
          "[extract][variables]") {
  const std::map<std::string, std::string> vars{{"TAG", "1.2.3"}, {"EMPTY", ""}};
  const auto lookup = [&](const std::string& name) -> const std::string* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : &it->second;
  };
  const auto expanded = [&](std::string text) {
    std::vector<std::string> used;
    if (!expand_variables(text, lookup, [&](const std::string& n) { used.push_back(n); })) {
      return std::string("<unresolved>");
    }
    return text + (used.empty() ? "" : " [" + used.front() + "]");
  };
  CHECK(expanded("nginx:${TAG}") == "nginx:1.2.3 [TAG]");
  CHECK(expanded("nginx:$TAG-alpine") == "nginx:1.2.3-alpine [TAG]");
  CHECK(expanded("nginx:${MISSING:-1.27}") == "nginx:1.27");
  CHECK(expanded("nginx:${MISSING-1.27}") == "nginx:1.27");
  CHECK(expanded("nginx:${EMPTY:-1.26}") == "nginx:1.26");  // empty counts as unset
  CHECK(expanded("cost: $$5") == "cost: $5");
  CHECK(expanded("nginx:${MISSING}") == "<unresolved>");
  CHECK(expanded("nginx:${MISSING:?set it}") == "<unresolved>");
  CHECK(expanded("nginx:${TAG") == "<unresolved>");
  CHECK(expanded("plain") == "plain");
}

TEST_CASE("compose: the official Rocket.Chat compose file", "[extract][compose]") {
  const auto cs = extract_compose(
      versiond::test::read_fixture("extract/compose/rocketchat-compose.yml"), "compose.yml");
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].kind == versiond::PinKind::compose_image);
  CHECK(cs[0].package == "registry.rocket.chat/rocketchat/rocket.chat");
  CHECK(cs[0].current == "latest");  // ${RELEASE:-latest}
  CHECK(cs[0].skip_text() == "latest");
  CHECK(cs[0].origin.line == 6);
  CHECK(cs[1].package == "docker.io/bitnami/mongodb");
  CHECK(cs[1].current == "6.0");  // ${MONGODB_VERSION:-6.0}
  CHECK(!cs[1].skipped());
  CHECK(cs[1].origin.line == 29);
}

TEST_CASE("compose: build-only services, variables without defaults, bad services",
          "[extract][compose]") {
  const auto cs = extract_compose(R"(services:
  app:
    build: .
  cache:
    image: redis:${REDIS_TAG}
  proxy:
    image: "traefik:v3.2.1"
)",
                                  "docker-compose.yml");
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].skip_text() == "templated image (variable without a default)");
  CHECK(cs[0].current == "redis:${REDIS_TAG}");
  CHECK(cs[1].package == "docker.io/library/traefik");
  CHECK(cs[1].current == "v3.2.1");
  CHECK(versiond::test::error_message([] {
          extract_compose("services: [a, b]\n", "compose.yml");
        }) == "compose.yml:1: 'services' must be a mapping");
}
