#include <catch2/catch.hpp>

#include "store/store_samples.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/dates.hpp"
#include "versiond/store/history.hpp"

using namespace versiond::store;
using versiond::test::sample_scan;
using versiond::test::TempDir;

namespace {

std::chrono::system_clock::time_point day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

}  // namespace

TEST_CASE("store dates: ISO dates and date-times parse to days", "[store]") {
  CHECK(days_since("2026-11-01", day(2026, 11, 29)) == 28);
  CHECK(days_since("2026-10-01T12:00:00Z", day(2026, 11, 29)) == 59);
  CHECK(days_since("2024-02-29T23:59:59.5+01:00", day(2024, 3, 1)) == 1);
  CHECK_FALSE(days_since("", day(2026, 1, 1)));
  CHECK_FALSE(days_since("2026-13-01", day(2026, 1, 1)));
  CHECK_FALSE(days_since("yesterday", day(2026, 1, 1)));
}

TEST_CASE("store history: timelines of pins and upstream releases with time behind", "[store]") {
  TempDir dir;
  Store store(dir.path() / "v.db");
  store.record_scan(sample_scan("2026-11-01T06:00:00Z"));
  auto second = sample_scan("2026-11-08T06:00:00Z");
  // azurerm was bumped in range; nats fell behind when 2.11.0 came out.
  second.observations[0].current = "~> 4.78.4";
  second.observations[1].latest_overall = "2.11.0";
  second.observations[1].bump = "minor";
  second.observations[1].newest_published = "2026-11-05";
  second.lookups[1].releases.push_back(versiond::test::release("2.11.0", "2026-11-05"));
  store.record_scan(second);

  const auto all = build_history(store, "", day(2026, 11, 29));
  REQUIRE(all.size() == 2);
  const auto& nats = all[0].latest.name == "nats" ? all[0] : all[1];
  const auto& azurerm = all[0].latest.name == "nats" ? all[1] : all[0];

  CHECK(nats.present);
  REQUIRE(nats.changes.size() == 2);
  CHECK(nats.behind_since == "2026-11-05");  // the publish date of the newer release
  CHECK(nats.days_behind == 24);
  REQUIRE(nats.upstream.size() == 2);
  CHECK(nats.upstream[1].version == "2.11.0");

  REQUIRE(azurerm.changes.size() == 2);
  CHECK(azurerm.changes[0].current == "~> 4.78.0");
  CHECK(azurerm.changes[1].current == "~> 4.78.4");
  // Behind since the first scan that saw 5.2.0, dated by its publish date.
  CHECK(azurerm.behind_since == "2026-10-01T12:00:00Z");
  CHECK(azurerm.days_behind == 59);

  const auto one = build_history(store, "NATS", day(2026, 11, 29));
  REQUIRE(one.size() == 1);
  CHECK(one[0].latest.package == "docker.io/library/nats");
  CHECK(build_history(store, "hashicorp/azurerm", day(2026, 11, 29)).size() == 1);
  CHECK(build_history(store, "redis", day(2026, 11, 29)).empty());
}

TEST_CASE("store history: an up-to-date row clears behind, failed lookups keep it", "[store]") {
  TempDir dir;
  Store store(dir.path() / "v.db");
  store.record_scan(sample_scan("2026-11-01T06:00:00Z"));
  auto failed = sample_scan("2026-11-08T06:00:00Z");
  failed.observations[0].status = "failed";
  failed.observations[0].reason = "timeout after 3000 ms";
  store.record_scan(failed);
  auto h = build_history(store, "azurerm", day(2026, 11, 29));
  REQUIRE(h.size() == 1);
  CHECK(h[0].behind_since == "2026-10-01T12:00:00Z");

  auto upgraded = sample_scan("2026-11-15T06:00:00Z");
  upgraded.observations[0].current = "~> 5.2.0";
  upgraded.observations[0].bump = "none";
  upgraded.observations[0].breaking = false;
  upgraded.observations.pop_back();  // nats removed from the repository
  store.record_scan(upgraded);
  const auto all = build_history(store, "", day(2026, 11, 29));
  REQUIRE(all.size() == 2);
  for (const auto& c : all) {
    if (c.latest.name == "azurerm") {
      CHECK(c.behind_since.empty());
      CHECK_FALSE(c.days_behind);
      CHECK(c.present);
      CHECK(c.changes.size() == 3);
    } else {
      CHECK_FALSE(c.present);
    }
  }
}
