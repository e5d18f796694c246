#include <catch2/catch.hpp>

#include "store/store_samples.hpp"
#include "support/temp_dir.hpp"
#include "versiond/store/store.hpp"
#include "versiond/store/store_http_cache.hpp"

using namespace versiond::store;
using versiond::test::TempDir;

TEST_CASE("store cache: entries are held until the scan is recorded, then persisted", "[store]") {
  TempDir dir;
  const auto file = dir.path() / "v.db";
  const std::string url = "http://127.0.0.1:1/v1/providers/hashicorp/azurerm/versions";
  {
    Store store(file);
    StoreHttpCache cache(store);
    CHECK_FALSE(cache.get(url));
    cache.put(url, {"W/\"abc\"", "", "{\"versions\":[]}"});
    // Visible to this scan at once, not yet in the database.
    REQUIRE(cache.get(url));
    CHECK(cache.get(url)->etag == "W/\"abc\"");
    CHECK_FALSE(store.cached(url));
    auto record = versiond::test::sample_scan("2026-11-01T06:00:00Z");
    record.http_cache = cache.take_pending();
    REQUIRE(record.http_cache.size() == 1);
    store.record_scan(record);
  }
  Store store(file);
  StoreHttpCache cache(store);
  const auto entry = cache.get(url);
  REQUIRE(entry);
  CHECK(entry->etag == "W/\"abc\"");
  CHECK(entry->body == "{\"versions\":[]}");
  CHECK(cache.take_pending().empty());
}

TEST_CASE("store cache: a replaced entry updates its row, binary bodies survive", "[store]") {
  TempDir dir;
  Store store(dir.path() / "v.db");
  const std::string body("gz\0\x1f\x8b payload", 13);
  auto first = versiond::test::sample_scan("2026-11-01T06:00:00Z");
  first.http_cache = {{"https://charts.example.com/index.yaml", {"\"1\"", "", "old"}}};
  store.record_scan(first);
  auto second = versiond::test::sample_scan("2026-11-08T06:00:00Z");
  second.http_cache = {
      {"https://charts.example.com/index.yaml", {"\"2\"", "Sun, 08 Nov 2026 06:00:00 GMT", body}}};
  store.record_scan(second);
  CHECK(store.counts().http_cache == 1);
  const auto entry = store.cached("https://charts.example.com/index.yaml");
  REQUIRE(entry);
  CHECK(entry->etag == "\"2\"");
  CHECK(entry->last_modified == "Sun, 08 Nov 2026 06:00:00 GMT");
  CHECK(entry->body == body);
}

TEST_CASE("store cache: a body that does not match its digest is not served", "[store]") {
  TempDir dir;
  Store store(dir.path() / "v.db");
  auto record = versiond::test::sample_scan("2026-11-01T06:00:00Z");
  record.http_cache = {{"https://x.example.com/a", {"\"e\"", "", "original"}}};
  store.record_scan(record);
  store.db().exec("UPDATE http_cache SET body = 'tampered'");
  CHECK_FALSE(store.cached("https://x.example.com/a"));
}
