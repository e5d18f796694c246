#include <catch2/catch.hpp>

#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::extract::extract_helm_values;

TEST_CASE("Helm values: image mappings at any depth and image strings", "[extract][values]") {
  const std::string yaml = R"(image:
  repository: registry.rocket.chat/rocketchat/rocket.chat
  tag: 7.13.2
controller:
  image:
    registry: registry.k8s.io
    repository: ingress-nginx/controller
    tag: "v1.12.0"   # quoted with comment
    digest: sha256:abcdef0123456789
sidecars:
  - name: exporter
    image: natsio/prometheus-nats-exporter:0.9.1
mongodb:
  image:
    repository: mongo
    tag: 8.0     # a float-looking tag keeps its text
chartDefault:
  image:
    repository: bitnami/redis
    tag: ""
settings:
  repository: x
  tag: 1.0
)";
  const auto cs = extract_helm_values(yaml, "values.yaml");
  REQUIRE(cs.size() == 5);
  CHECK(cs[0].package == "registry.rocket.chat/rocketchat/rocket.chat");
  CHECK(cs[0].current == "7.13.2");
  CHECK(cs[0].origin.line == 3);
  CHECK(cs[0].kind == versiond::PinKind::helm_values_image);
  CHECK(cs[1].package == "registry.k8s.io/ingress-nginx/controller");
  CHECK(cs[1].current == "v1.12.0");
  CHECK(cs[1].digest == "sha256:abcdef0123456789");
  CHECK(cs[1].origin.line == 8);
  CHECK(cs[2].package == "docker.io/natsio/prometheus-nats-exporter");
  CHECK(cs[2].current == "0.9.1");
  CHECK(cs[2].origin.line == 12);
  CHECK(cs[3].package == "docker.io/library/mongo");
  CHECK(cs[3].current == "8.0");
  CHECK(cs[4].package == "docker.io/bitnami/redis");
  CHECK(cs[4].current.empty());
  CHECK(cs[4].skip_text() == "tag not set (chart default)");
}

TEST_CASE("Helm values with CRLF and empty documents", "[extract][values]") {
  const auto cs = extract_helm_values(
      "---\r\nimage:\r\n  repository: nats\r\n  tag: 2.10.24\r\n---\r\n", "v.yaml");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].current == "2.10.24");
  CHECK(cs[0].origin.line == 4);
  CHECK(extract_helm_values("", "v.yaml").empty());
  CHECK(extract_helm_values("# only a comment\n", "v.yaml").empty());
}

TEST_CASE("malformed values files", "[extract][values]") {
  try {
    extract_helm_values("image:\n  repository: nats\n  tag: [1.0\n", "charts/x/values.yaml");
    FAIL("no error");
  } catch (const versiond::Error& e) {
    CHECK(std::string(e.what()).rfind("charts/x/values.yaml:4: YAML syntax error", 0) == 0);
  }
}
