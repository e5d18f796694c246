// `versiond apply`, the forge side: the weekly plan issue and the
// `versiond run failed` issue, with as few writes as possible and every write
// recorded as an intent in the store first.
//
// - Plan issue: one per ISO week, titled "Upgrade Plan YYYY-Www", labelled
//   `upgrade-plan`; created when missing, edited when its body changed
//   (maintainers' ticks merged in by checklist key), untouched otherwise.
//   Open plan issues of earlier weeks are closed, in one PATCH whose body
//   starts with a link to the new one.
// - Run failed: one open issue labelled `versiond-run-failed`, created or
//   edited when a run fails, closed by the next successful run.
// - Crash safety: an intent is committed to the store before each write and
//   settled after; intents still pending at the start of a run are
//   reconciled against GitHub (found by label and title) before anything is
//   written. Every step looks the issue up first, so a re-run after a kill
//   at any point writes each thing once.
// - Dry run: the writes that would be made are listed, none is made.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "versiond/core/clock.hpp"
#include "versiond/core/failure.hpp"
#include "versiond/forge/github.hpp"
#include "versiond/store/sqlite.hpp"

namespace versiond::apply {

struct ApplyOptions {
  bool dry_run = false;
  std::string week;  // "2026-W49"
  std::string plan_label = "upgrade-plan";
  std::string failed_label = "versiond-run-failed";
};

struct ApplyResult {
  std::vector<forge::WriteRecord> writes;  // made, or in a dry run that would be made
  std::optional<long long> plan_issue;     // the week's plan issue
  std::vector<std::string> notes;          // one line per decision ("plan issue #3 untouched")
  std::vector<Failure> failures;           // forge failures; the run went on where it could
  // Dry run: the patch of each branch that would be pushed (branch, unified diff).
  std::vector<std::pair<std::string, std::string>> diffs;
  bool ok() const noexcept { return failures.empty(); }
};

// "Upgrade Plan 2026-W49"
std::string plan_title(const std::string& week);

// Settles the intents a killed run left pending, against what GitHub shows.
void reconcile(forge::GithubClient& gh, store::Database& db, const ApplyOptions& options,
               Clock& clock, ApplyResult& result);

// Creates, edits or leaves the week's plan issue; closes earlier weeks' ones.
void sync_plan_issue(forge::GithubClient& gh, store::Database& db, const std::string& body,
                     const ApplyOptions& options, Clock& clock, ApplyResult& result);

// Opens or updates the `versiond run failed` issue when `failure` is set,
// closes an open one when it is not.
void report_run(forge::GithubClient& gh, store::Database& db,
                const std::optional<std::string>& failure, const ApplyOptions& options,
                Clock& clock, ApplyResult& result);

}  // namespace versiond::apply
