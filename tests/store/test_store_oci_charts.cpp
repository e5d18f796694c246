// Migration 10: the chart configs of OCI chart tags (version, appVersion),
// written with a scan and read back by registry, repository and tag.
#include <catch2/catch.hpp>

#include "store/store_samples.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/migrations.hpp"
#include "versiond/store/oci_charts.hpp"
#include "versiond/store/store.hpp"

using namespace versiond::store;
using versiond::test::TempDir;

namespace {

OciChartConfigRow row(const std::string& tag, const std::string& app_version,
                      const std::string& digest_hex = std::string(64, 'a')) {
  return {"ghcr.io",
          "charts/ingress-nginx",
          tag,
          "sha256:" + std::string(64, 'm'),
          "sha256:" + digest_hex,
          tag,
          app_version,
          {}};
}

}  // namespace

TEST_CASE("store: a version 9 store gains oci_chart_configs and keeps its scans", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "v9.db";
  {
    Database db(file);
    migrate(db, 9);
    CHECK(db.user_version() == 9);
    db.exec(
        "INSERT INTO scans (started_at, finished_at, repo, outcome) VALUES "
        "('2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z', '/srv/infra', 'completed')");
  }
  Store store(file);
  CHECK(store.db().user_version() == 10);
  CHECK(current_schema_version() == 10);
  CHECK(store.scans().size() == 1);
  CHECK_FALSE(oci_chart_config(store.db(), "ghcr.io", "charts/ingress-nginx", "4.12.0"));
}

TEST_CASE("store: OCI chart configs round-trip through a scan and are replaced by tag", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "versiond.db";
  {
    Store store(file);
    auto record = versiond::test::sample_scan("2026-12-01T00:00:05Z");
    record.oci_chart_configs = {row("4.12.0", "1.12.0"), row("4.0.0", "")};
    store.record_scan(record);
  }
  {
    Store store(file);
    const auto got = oci_chart_config(store.db(), "ghcr.io", "charts/ingress-nginx", "4.12.0");
    REQUIRE(got);
    CHECK(got->app_version == "1.12.0");
    CHECK(got->version == "4.12.0");
    CHECK(got->config_digest == "sha256:" + std::string(64, 'a'));
    CHECK(got->manifest_digest == "sha256:" + std::string(64, 'm'));
    CHECK(got->fetched_at == "2026-12-01T00:00:05Z");
    // A chart without appVersion is remembered as such.
    const auto none = oci_chart_config(store.db(), "ghcr.io", "charts/ingress-nginx", "4.0.0");
    REQUIRE(none);
    CHECK(none->app_version.empty());
    // Other registry, repository or tag: nothing.
    CHECK_FALSE(oci_chart_config(store.db(), "docker.io", "charts/ingress-nginx", "4.12.0"));
    CHECK_FALSE(oci_chart_config(store.db(), "ghcr.io", "charts/other", "4.12.0"));
    CHECK_FALSE(oci_chart_config(store.db(), "ghcr.io", "charts/ingress-nginx", "4.12.1"));

    // A re-pointed tag read again replaces the row.
    auto record = versiond::test::sample_scan("2026-12-02T00:00:05Z");
    record.oci_chart_configs = {row("4.12.0", "1.12.0-fix", std::string(64, 'b'))};
    store.record_scan(record);
    const auto again = oci_chart_config(store.db(), "ghcr.io", "charts/ingress-nginx", "4.12.0");
    REQUIRE(again);
    CHECK(again->app_version == "1.12.0-fix");
    CHECK(again->config_digest == "sha256:" + std::string(64, 'b'));
    CHECK(again->fetched_at == "2026-12-02T00:00:05Z");
    Statement n(store.db(), "SELECT count(*) FROM oci_chart_configs");
    REQUIRE(n.step());
    CHECK(n.integer(0) == 2);
  }
  {
    // The table refuses rows without a key.
    Store store(file);
    CHECK_THROWS(write_oci_chart_configs(store.db(), {row("", "1.0.0")}, "2026-12-03T00:00:00Z"));
  }
}
