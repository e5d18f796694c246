// Images pinned by tag and digest: the digest moves with the tag, to the new
// tag's manifest digest as the registry serves it; digest-only pins are left.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "net/net_test_options.hpp"
#include "support/fake_upstream.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/sources/lookups.hpp"
#include "versiond/update/update.hpp"

namespace fs = std::filesystem;
using versiond::Error;
using versiond::RepoRoot;
using versiond::test::read_file;
using versiond::test::TempDir;
using versiond::update::ImageDigestRequest;
using versiond::update::plan_update;
using versiond::update::UpdateOptions;
using versiond::update::UpdatePlan;
using versiond::update::UpdateRequest;

namespace {

const std::string k_old_digest =
    "sha256:0f5a2e6a1b7c4d3e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e";
// The Docker-Content-Digest of the recorded answer (dockerhub-03-manifest-list.http).
const std::string k_new_digest =
    "sha256:185518070891758909c9f839cf4ca393ee977ac378609f700f60a771a2dfe321";

const std::vector<std::string> k_golden_files = {"k8s/deployment.yaml",
                                                 "kustomize/kustomization.yaml", "compose.yaml",
                                                 "docker/Dockerfile", "chart/values.yaml"};

UpdatePlan plan(const TempDir& dir, const std::vector<UpdateRequest>& requests,
                const UpdateOptions& options) {
  const RepoRoot root(dir.path());
  const auto inv = versiond::extract::build_inventory(root);
  REQUIRE(inv.errors.empty());
  return plan_update(root, inv, requests, options);
}

// The recorded response of a raw HTTP capture (status line, headers, body).
versiond::test::Reply capture_reply(const std::string& fixture) {
  const std::string text = versiond::test::read_fixture(fixture);
  versiond::test::Reply reply;
  std::size_t pos = text.find("\nHTTP/");
  REQUIRE(pos != std::string::npos);
  reply.status = std::stoi(text.substr(text.find(' ', pos) + 1, 3));
  pos = text.find('\n', pos + 1) + 1;
  for (;;) {
    const auto end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) {
      break;
    }
    const auto colon = line.find(':');
    const std::string name = line.substr(0, colon);
    const std::string value = line.substr(line.find_first_not_of(' ', colon + 1));
    if (name == "Content-Type") {
      reply.content_type = value;
    } else if (name != "Content-Length" && name != "Connection") {
      reply.headers.emplace_back(name, value);
    }
  }
  reply.body = text.substr(pos);
  while (!reply.body.empty() && reply.body.back() == '\n') {
    reply.body.pop_back();
  }
  return reply;
}

// Docker Hub's anonymous token flow in front of the fake's /v2/.
void require_hub_token(versiond::test::FakeUpstream& up) {
  const auto token = capture_reply("upstream/oci/dockerhub-02-token-anonymous.http");
  up.require_bearer("/v2/", nlohmann::json::parse(token.body)["token"], "registry.docker.io",
                    token);
}

// Docker Hub as the fake serves it: the token flow, and the recorded alpine
// manifest list as the answer for `tag`.
void serve_alpine(versiond::test::FakeUpstream& up, const std::string& tag) {
  require_hub_token(up);
  up.add("/v2/library/alpine/manifests/" + tag,
         capture_reply("upstream/oci/dockerhub-03-manifest-list.http"));
}

versiond::sources::Endpoints hub_at(const versiond::test::FakeUpstream& up) {
  versiond::sources::Endpoints e;
  e.docker_hub = up.base();
  e.registry_mirrors["docker.io"] = up.base();
  return e;
}

// The golden "before" repository, and update options whose digest source asks
// the fake as docker.io.
struct HubRun {
  versiond::net::HttpClient http{versiond::test::loopback_options()};
  versiond::sources::Lookups lookups;
  UpdateOptions options;
  TempDir dir;
  explicit HubRun(const versiond::test::FakeUpstream& up) : lookups(http, hub_at(up), {}) {
    options.image_digests = versiond::update::registry_image_digests(lookups);
    versiond::test::copy_fixture_tree("update/digests/before", dir.path());
  }
};

// An injected digest source answering `digest` and recording what it was asked.
UpdateOptions answering(std::vector<ImageDigestRequest>& asked, const std::string& digest) {
  UpdateOptions o;
  o.image_digests = [&asked, digest](const ImageDigestRequest& r) {
    asked.push_back(r);
    return versiond::sources::ManifestDigest{digest, std::nullopt};
  };
  return o;
}

}  // namespace

TEST_CASE("a pinned digest moves with its tag in every file kind, from the registry's answer",
          "[update][digest][golden]") {
  versiond::test::FakeUpstream up;
  serve_alpine(up, "3.12.0");
  HubRun run(up);
  const TempDir& dir = run.dir;

  const auto p = plan(dir, {{"docker.io/library/alpine", "3.12.0", ""}}, run.options);
  versiond::update::write_plan(RepoRoot(dir.path()), p);

  for (const std::string& file : k_golden_files) {
    INFO(file);
    CHECK(read_file(dir.path() / file) ==
          versiond::test::read_fixture("update/digests/after/" + file));
  }
  // A tag edit and a digest edit per pin: six pins (two in the manifest).
  CHECK(p.edits.size() == 12);
  std::size_t digest_edits = 0;
  for (const auto& e : p.edits) {
    if (e.old_value == k_old_digest) {
      CHECK(e.new_value == k_new_digest);
      ++digest_edits;
    }
  }
  CHECK(digest_edits == 6);
  // Asked as a multi-platform index first, with the anonymous token.
  const auto accepts = up.header_values("/v2/library/alpine/manifests/3.12.0", "Accept");
  REQUIRE_FALSE(accepts.empty());
  CHECK(accepts.front().find("application/vnd.oci.image.index.v1+json") == 0);
  CHECK(accepts.front().find("application/vnd.docker.distribution.manifest.list.v2+json") !=
        std::string::npos);
  // One digest for six pins: the challenge, then the request with the token.
  CHECK(up.hits("/v2/library/alpine/manifests/3.12.0") == 2);
  CHECK(up.hits("/token") == 1);
}

TEST_CASE("the digest is asked for the new tag as written, once per image and tag",
          "[update][digest]") {
  TempDir dir;
  dir.write("docker/Dockerfile",
            "FROM nginx:v1.25.0@" + k_old_digest + "\nFROM nginx:v1.25.0@" + k_old_digest + "\n");
  std::vector<ImageDigestRequest> asked;
  const auto p =
      plan(dir, {{"docker.io/library/nginx", "1.27.1", ""}}, answering(asked, k_new_digest));
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].package == "docker.io/library/nginx");
  CHECK(asked[0].tag == "v1.27.1");
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].after ==
        "FROM nginx:v1.27.1@" + k_new_digest + "\nFROM nginx:v1.27.1@" + k_new_digest + "\n");
}

TEST_CASE("a tag that does not move leaves its digest alone and asks no registry",
          "[update][digest]") {
  TempDir dir;
  const std::string compose = "services:\n  web:\n    image: nginx:1.25.0@" + k_old_digest + "\n";
  dir.write("compose.yaml", compose);
  std::vector<ImageDigestRequest> asked;
  const auto p =
      plan(dir, {{"docker.io/library/nginx", "1.25.0", ""}}, answering(asked, k_new_digest));
  CHECK(asked.empty());
  CHECK(p.files.empty());
}

TEST_CASE("a registry that cannot answer fails the component with one message naming file:line",
          "[update][digest]") {
  versiond::test::FakeUpstream up;
  require_hub_token(up);
  up.not_found("/v2/library/alpine/manifests/3.99.0");
  HubRun run(up);
  const TempDir& dir = run.dir;
  try {
    plan(dir, {{"docker.io/library/alpine", "3.99.0", "", "docker/Dockerfile"}}, run.options);
    FAIL("expected an error");
  } catch (const Error& e) {
    const std::string what = e.what();
    INFO(what);
    CHECK(what.find("docker/Dockerfile:2: docker.io/library/alpine") == 0);
    CHECK(what.find("the digest of 3.99.0 could not be read") != std::string::npos);
    CHECK(what.find("not_found") != std::string::npos);
    CHECK(what.find('\n') == std::string::npos);
  }
  CHECK(read_file(dir.path() / "docker/Dockerfile") ==
        versiond::test::read_fixture("update/digests/before/docker/Dockerfile"));
}

TEST_CASE("a registry answer without Docker-Content-Digest is a failure, not a guess",
          "[update][digest]") {
  versiond::test::FakeUpstream up;
  auto reply = capture_reply("upstream/oci/dockerhub-03-manifest-list.http");
  std::erase_if(reply.headers, [](const auto& h) { return h.first == "Docker-Content-Digest"; });
  up.add("/v2/library/alpine/manifests/3.12.0", reply);
  versiond::net::HttpClient http(versiond::test::loopback_options());
  versiond::sources::Lookups lookups(http, hub_at(up), {});
  const auto answer =
      lookups.manifest_digest({versiond::Datasource::docker, "alpine", ""}, "3.12.0");
  REQUIRE(answer.failure);
  CHECK(answer.failure->kind == versiond::FailureKind::bad_response);
  CHECK(answer.failure->message.find("no Docker-Content-Digest") != std::string::npos);
  CHECK(answer.digest.empty());
}

TEST_CASE("a digest-only pin is left, with one error naming file:line and why",
          "[update][digest]") {
  TempDir dir;
  const std::string manifest =
      "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n"
      "      image: nginx@" +
      k_old_digest + "\n";
  dir.write("k8s/pod.yaml", manifest);
  std::vector<ImageDigestRequest> asked;
  try {
    plan(dir, {{"docker.io/library/nginx", "1.27.1", ""}}, answering(asked, k_new_digest));
    FAIL("expected an error");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(what.find("k8s/pod.yaml:6: docker.io/library/nginx is pinned by digest only (" +
                    k_old_digest + "): there is no tag to move") == 0);
  }
  CHECK(asked.empty());
  CHECK(read_file(dir.path() / "k8s/pod.yaml") == manifest);
}

TEST_CASE("without a digest source, a tag next to a digest is refused", "[update][digest]") {
  TempDir dir;
  dir.write("compose.yaml", "services:\n  web:\n    image: nginx:1.25.0@" + k_old_digest + "\n");
  try {
    plan(dir, {{"docker.io/library/nginx", "1.27.1", ""}}, UpdateOptions{});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("compose.yaml:3: docker.io/library/nginx pins a digest next "
                                     "to its tag") == 0);
  }
}

TEST_CASE("versiond update moves tag and digest through the configured registry",
          "[update][digest][cli]") {
  versiond::test::FakeUpstream up;
  serve_alpine(up, "3.12.0");
  TempDir dir;
  versiond::test::copy_fixture_tree("update/digests/before", dir.path());
  dir.write("versiond.yaml", "endpoints:\n  registry_mirrors:\n    docker.io: " + up.base() +
                                 "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n");
  const auto r = versiond::test::run_versiond(
      {"update", "--repo", dir.path().string(), "--set", "docker.io/library/alpine=3.12.0"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("docker/Dockerfile:2: docker.io/library/alpine: " + k_old_digest + " -> " +
                   k_new_digest) != std::string::npos);
  for (const std::string& file : k_golden_files) {
    INFO(file);
    CHECK(read_file(dir.path() / file) ==
          versiond::test::read_fixture("update/digests/after/" + file));
  }
}

TEST_CASE("a docker:// step pinned by tag and digest moves both", "[update][digest]") {
  TempDir dir;
  dir.write(".github/workflows/ci.yml",
            "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - uses: docker://alpine:3.11.6@" +
                k_old_digest + "\n");
  std::vector<ImageDigestRequest> asked;
  const auto p =
      plan(dir, {{"docker.io/library/alpine", "3.12.0", ""}}, answering(asked, k_new_digest));
  REQUIRE(asked.size() == 1);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].after.find("      - uses: docker://alpine:3.12.0@" + k_new_digest + "\n") !=
        std::string::npos);
}
