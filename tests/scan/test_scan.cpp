// The scan pipeline in-process against the fake upstream.
#include <catch2/catch.hpp>

#include "scan/scan_world.hpp"
#include "store/store_samples.hpp"
#include "support/process.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/clock.hpp"
#include "versiond/scan/render.hpp"
#include "versiond/scan/scan.hpp"
#include "versiond/store/store.hpp"

using namespace versiond;
using versiond::test::ScanWorld;

namespace {

scan::ScanReport run_scan(const ScanWorld& world, bool offline = false,
                          const std::string& extra_config = {},
                          Clock::time_point now = std::chrono::sys_days{std::chrono::year{2026} /
                                                                        11 / 29}) {
  world.write_config(extra_config);
  ManualClock clock(now);
  const config::Config config = config::load_config(world.repo.path(), std::nullopt);
  scan::ScanOptions options;
  options.repo = world.repo.path();
  options.config_dir = world.repo.path();
  options.db = world.db();
  options.offline = offline;
  options.clock = &clock;
  return scan::run_scan(config, options);
}

const scan::ComponentResult& component(const scan::ScanReport& report, const std::string& name) {
  for (const auto& r : report.components) {
    if (r.component.name == name) {
      return r;
    }
  }
  FAIL("no component " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("scan: every component gets in-range, newest, bump, age and EOL from upstream",
          "[daemon][scan]") {
  ScanWorld world;
  const auto report = run_scan(world);
  INFO(scan::render_scan_text(report));
  REQUIRE(report.components.size() == 5);
  CHECK(report.failed() == 0);
  CHECK(report.exit_code() == 0);
  CHECK(report.summary.id == 1);

  const auto& aws = component(report, "aws");
  CHECK(aws.status == "ok");
  CHECK(aws.decision.latest_in_range == "2.70.0");
  CHECK(aws.decision.latest_overall == "3.42.0");
  CHECK(aws.decision.bump.type == versioning::Bump::major);
  CHECK(aws.decision.bump.breaking);

  const auto& checkout = component(report, "Checkout Action");
  CHECK(checkout.status == "ok");
  CHECK(checkout.decision.latest_overall == "v2.2.0");
  CHECK(checkout.decision.bump.type == versioning::Bump::minor);
  CHECK_FALSE(checkout.decision.notes_url.empty());
  CHECK(checkout.release_age_days.has_value());

  const auto& cnpg = component(report, "cloudnative-pg");
  CHECK(cnpg.decision.latest_overall == "0.29.0");
  REQUIRE(cnpg.release_age_days);
  CHECK(*cnpg.release_age_days == 153);  // created 2026-06-29

  const auto& ubuntu = component(report, "docker.io/library/ubuntu");
  CHECK(ubuntu.status == "ok");
  CHECK_FALSE(ubuntu.decision.latest_overall.empty());

  const auto& k8s = component(report, "Kubernetes");
  REQUIRE(k8s.eol);
  CHECK(k8s.eol->cycle == "1.29");
  CHECK(k8s.eol->eol == "2025-02-28");
  // endoflife.date's eol is the end of security support: the advisory step says so.
  REQUIRE(k8s.advisory.notes.size() == 1);
  CHECK(k8s.advisory.notes[0] ==
        "kubernetes 1.29 is past its end of life (2025-02-28): it no longer receives security "
        "fixes");
}

TEST_CASE(
    "scan: a second scan of an unchanged upstream is answered by 304s and adds only "
    "the scan row",
    "[daemon][scan]") {
  ScanWorld world;
  const auto first = run_scan(world);
  REQUIRE(first.failed() == 0);
  CHECK(first.counters.not_modified == 0);
  store::RowCounts before;
  {
    store::Store store(world.db());
    before = store.counts();
  }
  CHECK(before.http_cache == test::k_etag_routes);
  const std::size_t sent_before = world.up.not_modified_sent();

  const auto second = run_scan(world);
  CHECK(second.failed() == 0);
  CHECK(second.counters.not_modified == static_cast<unsigned long long>(test::k_etag_routes));
  CHECK(world.up.not_modified_sent() - sent_before == test::k_etag_routes);
  CHECK(second.summary.not_modified == test::k_etag_routes);

  store::Store store(world.db());
  const auto after = store.counts();
  CHECK(after.scans == before.scans + 1);
  CHECK(after.observations == before.observations);
  CHECK(after.releases == before.releases);
  CHECK(after.packages == before.packages);
  CHECK(after.http_cache == before.http_cache);
  // And the same conclusions as the first time.
  for (std::size_t i = 0; i < first.components.size(); ++i) {
    CHECK(first.components[i].decision.latest_overall ==
          second.components[i].decision.latest_overall);
  }
}

TEST_CASE("scan: a failing upstream is reported per component while the rest completes",
          "[daemon][scan]") {
  ScanWorld world;
  test::Fault fault;
  fault.kind = test::Fault::Kind::status;
  fault.reply.status = 500;
  fault.reply.body = "{\"message\":\"Server Error\"}";
  world.up.inject("/cnpg/index.yaml", fault, 5);
  test::Fault bad;
  bad.kind = test::Fault::Kind::malformed;
  bad.reply.body = "{\"tags\": [";
  world.up.inject("/v2/library/ubuntu/tags/list", bad, 5);
  const auto report = run_scan(world);
  CHECK(report.failed() == 2);
  CHECK(report.exit_code() == 3);
  CHECK(report.summary.outcome == "partial");
  const auto& cnpg = component(report, "cloudnative-pg");
  CHECK(cnpg.status == "failed");
  CHECK_THAT(cnpg.reason, Catch::Contains("500"));
  const auto& ubuntu = component(report, "docker.io/library/ubuntu");
  CHECK(ubuntu.status == "failed");
  CHECK_THAT(ubuntu.reason, Catch::StartsWith("bad_response: malformed JSON"));
  CHECK(component(report, "aws").status == "ok");
  // The failures are recorded too.
  store::Store store(world.db());
  int failed_rows = 0;
  for (const auto& o : store.latest_observations()) {
    failed_rows += o.status == "failed" ? 1 : 0;
  }
  CHECK(failed_rows == 2);
}

TEST_CASE("scan: --offline answers from the store without a request and writes nothing",
          "[daemon][scan]") {
  ScanWorld world;
  CHECK_THROWS_WITH(run_scan(world, true), Catch::Contains("no store yet"));
  const auto online = run_scan(world);
  const std::size_t hits = world.up.total_hits();
  const auto offline = run_scan(world, true);
  CHECK(world.up.total_hits() == hits);
  CHECK(offline.summary.id == 0);
  CHECK(offline.failed() == 0);
  for (std::size_t i = 0; i < online.components.size(); ++i) {
    INFO(online.components[i].component.name);
    CHECK(offline.components[i].from_store);
    CHECK(offline.components[i].decision.latest_overall ==
          online.components[i].decision.latest_overall);
    CHECK(offline.components[i].decision.latest_in_range ==
          online.components[i].decision.latest_in_range);
  }
  REQUIRE(component(offline, "Kubernetes").eol);
  CHECK(component(offline, "Kubernetes").eol->eol == "2025-02-28");
  store::Store store(world.db());
  CHECK(store.counts().scans == 1);
}

TEST_CASE("scan: within the cache TTL a package is answered from the store", "[daemon][scan]") {
  ScanWorld world;
  run_scan(world);
  const std::size_t hits = world.up.hits("/api/kubernetes.json");
  const auto second = run_scan(
      world, false, "cache:\n  ttl_seconds:\n    per_datasource:\n      endoflife: 3600\n");
  // The scan clock is fixed at midnight and the first scan recorded that time.
  CHECK(world.up.hits("/api/kubernetes.json") == hits);
  CHECK(component(second, "Kubernetes").from_store);
  CHECK_FALSE(component(second, "aws").from_store);
}

TEST_CASE("scan: an unreachable upstream fails fast with a reason per component",
          "[daemon][scan]") {
  ScanWorld world;
  const std::string dead = "http://127.0.0.1:" + std::to_string(test::FakeUpstream::closed_port());
  world.repo.write("argocd/cnpg.yaml",
                   "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: x\n"
                   "spec:\n  source:\n    repoURL: " +
                       dead + "/cnpg\n    chart: cloudnative-pg\n    targetRevision: 0.27.0\n");
  world.repo.write("versiond.yaml", "endpoints:\n  github_api: " + dead +
                                        "\n  terraform_registry: " + dead +
                                        "\n  endoflife: " + dead + "\n  docker_hub: " + dead +
                                        "\n  docker_hub_api: " + dead + "\n  osv: " + dead +
                                        "\nhttp:\n  allow_plain_http_hosts: [127.0.0.1]\n"
                                        "  max_retries: 0\n");
  const config::Config config = config::load_config(world.repo.path(), std::nullopt);
  scan::ScanOptions options;
  options.repo = world.repo.path();
  options.config_dir = world.repo.path();
  options.db = world.db();
  const auto start = std::chrono::steady_clock::now();
  const auto report = scan::run_scan(config, options);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(report.failed() == 5);
  for (const auto& r : report.components) {
    CHECK(r.status == "failed");
    CHECK_THAT(r.reason, Catch::StartsWith("network: "));
    CHECK_THAT(r.reason, Catch::Contains(dead));
  }
}

TEST_CASE("scan: a token file relative to the configuration is read and never stored",
          "[daemon][scan][security]") {
  ScanWorld world;
  const std::string token = "ghp_FROMFILEversiondTESTtoken987654321";
  world.repo.write("secrets/gh-token", token + "\n");
  std::string yaml = world.config_yaml();
  const std::string env_line = "    token_env: VERSIOND_TEST_GITHUB_TOKEN\n";
  yaml.replace(yaml.find(env_line), env_line.size(),
               "    token_env: VERSIOND_TEST_UNSET_VARIABLE\n    token_file: secrets/gh-token\n");
  world.repo.write("versiond.yaml", yaml);
  const config::Config config = config::load_config(world.repo.path(), std::nullopt);
  scan::ScanOptions options;
  options.repo = world.repo.path();
  options.config_dir = world.repo.path();
  options.db = world.db();
  const auto report = scan::run_scan(config, options);
  CHECK(report.failed() == 0);
  const auto auth = world.up.header_values("/repos/actions/checkout/releases", "Authorization");
  REQUIRE(auth.size() == 1);
  CHECK_THAT(auth[0], Catch::Contains(token));
  CHECK(scan::render_scan_text(report).find(token) == std::string::npos);
  CHECK(scan::scan_to_json(report).dump().find(token) == std::string::npos);
  for (const auto& file : std::filesystem::directory_iterator(world.repo.path() / ".versiond")) {
    CHECK(test::file_bytes(file.path()).find(token) == std::string::npos);
  }
}

TEST_CASE("scan: the scan record names the repository's HEAD commit", "[daemon][scan]") {
  const std::string k_git = "/usr/bin/git";  // run_process does not search PATH
  ScanWorld world;
  const std::string dir = world.repo.path().string();
  const std::map<std::string, std::string> env = {{"GIT_AUTHOR_NAME", "t"},
                                                  {"GIT_AUTHOR_EMAIL", "t@example.com"},
                                                  {"GIT_COMMITTER_NAME", "t"},
                                                  {"GIT_COMMITTER_EMAIL", "t@example.com"}};
  CHECK(run_scan(world).summary.commit.empty());  // not a git repository yet
  REQUIRE(test::run_process({k_git, "-C", dir, "init", "-q"}, env).exit_code == 0);
  REQUIRE(test::run_process({k_git, "-C", dir, "add", "."}, env).exit_code == 0);
  REQUIRE(test::run_process({k_git, "-C", dir, "commit", "-q", "-m", "x"}, env).exit_code == 0);
  const auto head = test::run_process({k_git, "-C", dir, "rev-parse", "HEAD"}, env);
  REQUIRE(head.exit_code == 0);
  const auto report = run_scan(world);
  CHECK(report.summary.commit + "\n" == head.out);
  store::Store store(world.db());
  CHECK(store.latest_scan()->commit == report.summary.commit);
}

TEST_CASE("scan: Chart.yaml, Kustomize, Flux, Dockerfile and Compose pins are looked up",
          "[daemon][scan]") {
  ScanWorld world;
  const std::string cnpg = world.up.base() + "/cnpg";
  world.repo.write("charts/db/Chart.yaml",
                   "apiVersion: v2\nname: db\nversion: 1.0.0\ndependencies:\n"
                   "  - name: cloudnative-pg\n    version: 0.27.x\n    repository: " +
                       cnpg + "\n");
  world.repo.write("flux/cnpg.yaml",
                   "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n"
                   "  name: cnpg\n  namespace: db\nspec:\n  chart:\n    spec:\n"
                   "      chart: cloudnative-pg\n      version: 0.26.0\n"
                   "      sourceRef: {kind: HelmRepository, name: cnpg}\n");
  world.repo.write("flux/sources/cnpg.yaml",
                   "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n"
                   "  name: cnpg\n  namespace: db\nspec:\n  url: " +
                       cnpg + "\n");
  world.repo.write("overlays/prod/kustomization.yaml",
                   "images:\n  - name: ubuntu\n    newTag: \"16.04\"\n");
  world.repo.write("images/tools/Dockerfile", "ARG UBUNTU=16.04\nFROM ubuntu:${UBUNTU}\n");
  world.repo.write("compose.yaml", "services:\n  tools:\n    image: ubuntu:${TAG:-16.04}\n");
  const auto report = run_scan(world);
  INFO(scan::render_scan_text(report));
  REQUIRE(report.components.size() == 10);
  CHECK(report.failed() == 0);
  const auto by_kind = [&](const std::string& kind) -> const scan::ComponentResult& {
    for (const auto& r : report.components) {
      if (to_string(r.component.kind) == kind) return r;
    }
    FAIL("no component of kind " << kind);
    throw std::logic_error("unreachable");
  };
  CHECK(by_kind("helm-dependency").decision.latest_in_range == "0.27.1");  // 0.27.x range
  CHECK(by_kind("helm-dependency").decision.latest_overall == "0.29.0");
  CHECK(by_kind("flux-helm").component.registry_url == cnpg);
  CHECK(by_kind("flux-helm").decision.latest_overall == "0.29.0");
  const std::string newest_ubuntu =
      component(report, "docker.io/library/ubuntu").decision.latest_overall;
  for (const char* kind : {"kustomize-image", "dockerfile-image", "compose-image"}) {
    INFO(kind);
    CHECK(by_kind(kind).status == "ok");
    CHECK(by_kind(kind).decision.latest_overall == newest_ubuntu);
  }
  // Three charts of one repository, four images of one package: one request each.
  CHECK(world.up.hits("/cnpg/index.yaml") == 1);
  CHECK(world.up.hits("/v2/library/ubuntu/tags/list") == 1);
}

TEST_CASE("scan: a wrongly typed field in one answer fails that component only, and is recorded",
          "[scan][hostile]") {
  ScanWorld world;
  test::Fault bad;
  bad.kind = test::Fault::Kind::malformed;  // 200 with this body instead of the recording
  bad.reply.body = R"([{"tag_name":"v4.2.2","draft":"no","prerelease":false}])";
  world.up.inject("/repos/actions/checkout/releases", bad, 5);
  const auto report = run_scan(world);
  CHECK(report.failed() == 1);
  CHECK(report.exit_code() == 3);
  const auto& checkout = component(report, "Checkout Action");
  CHECK(checkout.status == "failed");
  REQUIRE(checkout.failure);
  CHECK(checkout.failure->kind == FailureKind::bad_response);
  CHECK_THAT(checkout.reason, Catch::Contains("field 'draft' is string"));
  CHECK(component(report, "aws").status == "ok");
  CHECK(component(report, "cloudnative-pg").status == "ok");
  CHECK(report.summary.id > 0);  // recorded
  store::Store store(world.db());
  CHECK(store.counts().scans == 1);
}

TEST_CASE("scan: --offline reports a recorded failure as that failure, not as up to date",
          "[scan][offline]") {
  ScanWorld world;
  const auto first = run_scan(world);  // releases of every package stored
  REQUIRE(first.failed() == 0);
  test::Fault gone;
  gone.reply.status = 404;
  world.up.inject("/cnpg/index.yaml", gone, 5);
  const auto second = run_scan(world);
  REQUIRE(component(second, "cloudnative-pg").status == "failed");
  const auto offline = run_scan(world, true);
  const auto& cnpg = component(offline, "cloudnative-pg");
  CHECK(cnpg.status == "failed");
  CHECK_THAT(cnpg.reason, Catch::StartsWith("recorded by the scan of 2026-11-29"));
  CHECK_THAT(cnpg.reason, Catch::Contains("not_found: HTTP 404"));
  CHECK(component(offline, "aws").status == "ok");
  CHECK(offline.failed() == 1);
}

TEST_CASE("scan: a Docker Hub repository without a push for two years is stale, by the clock",
          "[scan][stale]") {
  ScanWorld world;
  world.up.add("/v2/namespaces/library/repositories/ubuntu",
               test::Reply{200, {}, R"({"name":"ubuntu","last_updated":"2024-06-01T10:00:00Z"})"});
  const auto late =
      run_scan(world, false, {}, std::chrono::sys_days{std::chrono::year{2026} / 7 / 1});
  CHECK(component(late, "docker.io/library/ubuntu").stale);
  CHECK(component(late, "docker.io/library/ubuntu").last_pushed == "2024-06-01T10:00:00Z");
  const auto early =
      run_scan(world, false, {}, std::chrono::sys_days{std::chrono::year{2026} / 5 / 1});
  CHECK_FALSE(component(early, "docker.io/library/ubuntu").stale);
}

TEST_CASE("scan: answers with wrong types, nulls and missing fields fail exactly their components",
          "[scan][hostile]") {
  ScanWorld world;
  auto malformed = [](std::string body) {
    test::Fault f;
    f.kind = test::Fault::Kind::malformed;
    f.reply.body = std::move(body);
    return f;
  };
  // Wrong type: GitHub's draft flag as a string.
  world.up.inject("/repos/actions/checkout/releases",
                  malformed(R"([{"tag_name":"v9.9.9","draft":"no"}])"), 5);
  // Null where the versions array belongs.
  world.up.inject("/v1/providers/hashicorp/aws/versions",
                  malformed(R"({"id":"hashicorp/aws","versions":null})"), 5);
  // Nulls and numbers among the tags, a cycle without a name: skipped, the rest is read.
  world.up.inject("/v2/library/ubuntu/tags/list",
                  malformed(R"({"name":"library/ubuntu","tags":[null,5,"16.04","18.04"]})"), 5);
  world.up.inject("/api/kubernetes.json",
                  malformed(R"([{"cycle":null},{"cycle":"1.29","eol":"2025-02-28",)"
                            R"("latest":"1.29.15"},{"cycle":1.30,"eol":false}])"),
                  5);
  const auto report = run_scan(world);
  CHECK(report.summary.id > 0);  // recorded
  CHECK(report.failed() == 2);
  CHECK(component(report, "Checkout Action").status == "failed");
  CHECK(component(report, "aws").status == "failed");
  CHECK_THAT(component(report, "aws").reason, Catch::Contains("no versions array"));
  const auto& ubuntu = component(report, "docker.io/library/ubuntu");
  CHECK(ubuntu.status == "ok");
  CHECK(ubuntu.decision.latest_overall == "18.04");
  CHECK(component(report, "cloudnative-pg").status == "ok");
  REQUIRE(component(report, "Kubernetes").eol);
  CHECK(component(report, "Kubernetes").eol->cycle == "1.29");
  store::Store store(world.db());
  int failed_rows = 0;
  for (const auto& o : store.latest_observations()) failed_rows += o.status == "failed" ? 1 : 0;
  CHECK(failed_rows == 2);
}

TEST_CASE("scan: a deprecated chart is flagged in every format and recorded",
          "[scan][deprecated]") {
  ScanWorld world;
  // grafana/helm-charts' real index: promtail's newest version is deprecated.
  world.up.add_file("/grafana/index.yaml", "upstream/helm/grafana-index.yaml",
                    "application/x-yaml");
  world.repo.write("argocd/promtail.yaml",
                   "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
                   "  name: promtail\nspec:\n  source:\n    repoURL: " +
                       world.up.base() +
                       "/grafana\n    chart: promtail\n"
                       "    targetRevision: 6.16.6\n");
  const auto report = run_scan(world);
  const auto& promtail = component(report, "promtail");
  REQUIRE(promtail.status == "ok");
  CHECK(promtail.deprecated);
  CHECK_FALSE(component(report, "cloudnative-pg").deprecated);
  CHECK(scan::render_scan_text(report).find("deprecated upstream") != std::string::npos);
  CHECK(scan::render_scan_markdown(report).find("#### Upstream moved on") != std::string::npos);
  int json_flags = 0;
  const auto json = scan::scan_to_json(report);  // kept: a range over a temporary's member dangles
  for (const auto& c : json["components"]) {
    if (c["name"] == "promtail") json_flags += c["deprecated"].get<bool>() ? 1 : 0;
  }
  CHECK(json_flags == 1);
  store::Store store(world.db());
  int recorded = 0;
  for (const auto& o : store.latest_observations()) {
    if (o.name == "promtail") recorded += o.upstream_flags == "deprecated" ? 1 : 0;
  }
  CHECK(recorded == 1);
}

TEST_CASE("scan: each fault class fails only its component, with its own kind and no decision",
          "[scan][faults]") {
  ScanWorld world;
  const auto status = [](int code) {
    test::Fault f;
    f.kind = test::Fault::Kind::status;
    f.reply.status = code;
    f.reply.body = R"({"message":"no"})";
    return f;
  };
  // A 5xx storm (more failures queued than any retry budget), a body cut short,
  // broken JSON, an HTML page where JSON belongs, a refusal. (Rate limits block
  // the whole host, and every upstream here is one host: they have their own
  // tests in tests/net/test_rate_limits.cpp and tests/sources.)
  world.up.inject("/repos/actions/checkout/releases", status(502), 50);
  test::Fault cut;
  cut.kind = test::Fault::Kind::truncate;
  world.up.inject("/cnpg/index.yaml", cut);
  test::Fault broken;
  broken.kind = test::Fault::Kind::malformed;
  broken.reply.body = R"({"versions": [{"version": "1.0.0", )";
  world.up.inject("/v1/providers/hashicorp/aws/versions", broken);
  test::Fault html;
  html.kind = test::Fault::Kind::malformed;
  html.reply.body = "<!DOCTYPE html><html><body>Sign in to continue</body></html>";
  html.reply.content_type = "text/html; charset=utf-8";
  world.up.inject("/api/kubernetes.json", html);
  world.up.inject("/v2/library/ubuntu/tags/list", status(403));

  const auto report = run_scan(world);
  const std::vector<std::pair<std::string, FailureKind>> expected = {
      {"Checkout Action", FailureKind::server_error},
      {"cloudnative-pg", FailureKind::network},
      {"aws", FailureKind::bad_response},
      {"Kubernetes", FailureKind::bad_response},
      {"docker.io/library/ubuntu", FailureKind::forbidden},
  };
  for (const auto& [name, kind] : expected) {
    INFO(name);
    const auto& r = component(report, name);
    CHECK(r.status == "failed");  // never "ok", so never "up to date"
    REQUIRE(r.failure);
    CHECK(r.failure->kind == kind);
    CHECK(r.outcome.updates.empty());  // nothing to act on, so no PR and no plan item
    CHECK(r.decision.latest_overall.empty());
  }
  CHECK(report.failed() == 5);
  // Bounded: max_retries is 0 in this world, so each upstream was asked once.
  CHECK(world.up.hits("/repos/actions/checkout/releases") == 1);
  CHECK(world.up.hits("/v2/library/ubuntu/tags/list") == 1);
  // The scan is recorded, with each failure.
  store::Store store(world.db(), store::OpenMode::read_only);
  CHECK(store.scans().size() == 1);
}
