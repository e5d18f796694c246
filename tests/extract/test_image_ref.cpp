#include <catch2/catch.hpp>

#include "versiond/extract/image_ref.hpp"

using versiond::parse_image_ref;

TEST_CASE("image references normalise like Docker", "[extract][image]") {
  struct Case {
    const char* ref;
    const char* registry;
    const char* repository;
    const char* tag;
    const char* digest;
  };
  const Case cases[] = {
      {"nats:2.4-alpine", "docker.io", "library/nats", "2.4-alpine", ""},
      {"alpine", "docker.io", "library/alpine", "", ""},
      {"prom/prometheus:v3.8.1", "docker.io", "prom/prometheus", "v3.8.1", ""},
      {"docker.io/library/mongo:8.0.4", "docker.io", "library/mongo", "8.0.4", ""},
      {"index.docker.io/natsio/nats-box:0.8.1", "docker.io", "natsio/nats-box", "0.8.1", ""},
      {"registry.k8s.io/ingress-nginx/controller:v1.12.0", "registry.k8s.io",
       "ingress-nginx/controller", "v1.12.0", ""},
      {"quay.io/prometheus/prometheus:v3.8.1", "quay.io", "prometheus/prometheus", "v3.8.1", ""},
      {"host:5000/a/b:t", "host:5000", "a/b", "t", ""},
      {"localhost/app:1", "localhost", "app", "1", ""},
      {"registry.rocket.chat/rocketchat/rocket.chat:7.13.2", "registry.rocket.chat",
       "rocketchat/rocket.chat", "7.13.2", ""},
      {"jenkins/jenkins:2.541.1-lts-jdk21", "docker.io", "jenkins/jenkins", "2.541.1-lts-jdk21",
       ""},
      {"ghcr.io/org/img@sha256:d9243b5a3c3f2a4e7d0f1e8b9c6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c",
       "ghcr.io", "org/img", "",
       "sha256:d9243b5a3c3f2a4e7d0f1e8b9c6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c"},
      {"nginx:1.27@sha256:abcdef0123", "docker.io", "library/nginx", "1.27", "sha256:abcdef0123"},
  };
  for (const Case& c : cases) {
    INFO(c.ref);
    const auto img = parse_image_ref(c.ref);
    REQUIRE(img);
    CHECK(img->registry == c.registry);
    CHECK(img->repository == c.repository);
    CHECK(img->tag == c.tag);
    CHECK(img->digest == c.digest);
  }
  CHECK(parse_image_ref("nats:2.4-alpine")->package() == "docker.io/library/nats");
}

TEST_CASE("invalid image references are refused", "[extract][image]") {
  for (const char* bad : {"", "${IMAGE}", "{{ .Values.image }}", "Nats:1", "nats:", "a//b:1",
                          "nats@sha256:xyz", "nats:bad tag", "-lead:1", "a/b:t@"}) {
    INFO(bad);
    CHECK_FALSE(parse_image_ref(bad));
  }
}

TEST_CASE("registry URLs", "[extract][image]") {
  CHECK(versiond::registry_url_for("docker.io") == "https://registry-1.docker.io");
  CHECK(versiond::registry_url_for("ghcr.io") == "https://ghcr.io");
}
