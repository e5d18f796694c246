// The runs of `versiond serve`'s schedules (migration 9).
#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "versiond/store/job_runs.hpp"
#include "versiond/store/store.hpp"

using namespace versiond::store;

namespace {

JobRun run(const std::string& schedule, const std::string& repo, const std::string& slot) {
  JobRun r;
  r.schedule = schedule;
  r.job = "scan";
  r.repository = repo;
  r.slot = slot;
  r.started_at = slot;
  return r;
}

}  // namespace

TEST_CASE("job runs: begun, settled, latest per schedule and repository", "[store][job_runs]") {
  versiond::test::TempDir dir;
  Store s(dir.path() / "v.db");
  const auto a1 = begin_job_run(s.db(), run("daily", "/r", "2026-12-01T06:00:00Z"));
  finish_job_run(s.db(), a1, RunOutcome::success, "2026-12-01T06:00:02Z", 2000, "");
  const auto a2 = begin_job_run(s.db(), run("daily", "/r", "2026-12-02T06:00:00Z"));
  finish_job_run(s.db(), a2, RunOutcome::partial, "2026-12-02T06:00:03Z", 3000, "1 lookups failed");
  const auto b1 = begin_job_run(s.db(), run("daily", "/other", "2026-12-02T06:00:00Z"));
  const auto latest = latest_job_runs(s.db());
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].repository == "/other");
  CHECK(latest[0].id == b1);
  CHECK(latest[0].outcome == RunOutcome::running);
  CHECK(latest[1].id == a2);
  CHECK(latest[1].outcome == RunOutcome::partial);
  CHECK(latest[1].duration_ms == 3000);
  CHECK(latest[1].message == "1 lookups failed");
  CHECK(latest[1].slot == "2026-12-02T06:00:00Z");
  // Finished only: /other has no finished run yet.
  const auto finished = latest_job_runs(s.db(), true);
  REQUIRE(finished.size() == 1);
  CHECK(finished[0].id == a2);
  // A run left running by a stopped process is settled as a failure.
  CHECK(settle_interrupted_runs(s.db(), "2026-12-03T00:00:00Z") == 1);
  const auto all = all_job_runs(s.db());
  REQUIRE(all.size() == 3);
  CHECK(all[2].outcome == RunOutcome::failure);
  CHECK(all[2].message.find("interrupted") != std::string::npos);
  CHECK(settle_interrupted_runs(s.db(), "2026-12-03T00:00:00Z") == 0);
}

TEST_CASE("job runs: the table refuses an unknown job or outcome", "[store][job_runs]") {
  versiond::test::TempDir dir;
  Store s(dir.path() / "v.db");
  JobRun bad = run("daily", "/r", "2026-12-01T06:00:00Z");
  bad.job = "deploy";
  CHECK_THROWS(begin_job_run(s.db(), bad));
  CHECK(parse_run_outcome("partial") == RunOutcome::partial);
  CHECK_FALSE(parse_run_outcome("done"));
}
