#include "versiond/apply/apply.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "versiond/apply/plan.hpp"
#include "versiond/net/http.hpp"
#include "versiond/store/intents.hpp"

namespace versiond::apply {
namespace {

const std::string failed_title = "versiond run failed";

std::string stamp(Clock& clock) { return net::format_utc(clock.now()); }

std::string ref(long long number) { return "#" + std::to_string(number); }

// One external write: intent first, then the write, then the settlement. In a
// dry run only the record of what would be written.
template <class T, class Write>
std::optional<T> guarded(store::Database& db, Clock& clock, const ApplyOptions& options,
                         ApplyResult& result, const std::string& kind, const std::string& target,
                         forge::WriteRecord record, Write write) {
  if (options.dry_run) {
    result.writes.push_back(std::move(record));
    return std::nullopt;
  }
  const auto id = store::record_intent(db, kind, target, record.summary, stamp(clock));
  fault_point("before:" + kind);
  forge::Result<T> r = write();
  fault_point("after:" + kind);
  result.writes.push_back(std::move(record));
  if (!r.ok()) {
    store::settle_intent(db, id, store::IntentState::failed, r.failure->describe(), stamp(clock));
    result.failures.push_back(*r.failure);
    return std::nullopt;
  }
  store::settle_intent(db, id, store::IntentState::confirmed, "done", stamp(clock));
  return std::move(r.value);
}

std::optional<forge::Issue> find_titled(const std::vector<forge::Issue>& issues,
                                        const std::string& title) {
  for (const auto& i : issues)
    if (i.title == title) return i;
  return std::nullopt;
}

}  // namespace

void fault_point(const std::string& name) {
#ifdef VERSIOND_FAULT_POINTS
  const char* wanted = std::getenv("VERSIOND_FAULT");
  if (wanted && name == wanted) {
    spdlog::default_logger()->flush();
    ::kill(::getpid(), SIGKILL);
  }
#else
  (void)name;
#endif
}

std::string plan_title(const std::string& week) { return "Upgrade Plan " + week; }

void reconcile(forge::GithubClient& gh, store::Database& db, const ApplyOptions& options,
               Clock& clock, ApplyResult& result) {
  const auto pending = store::pending_intents(db);
  if (pending.empty()) return;
  std::optional<std::vector<forge::Issue>> plan_issues, failed_issues;
  for (const auto& intent : pending) {
    const bool failed_kind = intent.target == failed_title;
    auto& cache = failed_kind ? failed_issues : plan_issues;
    if (!cache) {
      auto listed = gh.list_issues(failed_kind ? options.failed_label : options.plan_label);
      if (!listed.ok()) {
        result.failures.push_back(*listed.failure);
        return;  // nothing new is written before the pending intents are known
      }
      cache = std::move(*listed.value);
    }
    std::string found = "not found on GitHub: the write did not happen";
    if (auto issue = find_titled(*cache, intent.target)) {
      found =
          "found " + ref(issue->number) + " (" + std::string(forge::to_string(issue->state)) + ")";
    }
    if (intent.kind != "create_issue") found = "the next step compares and writes again if needed";
    const std::string note = "reconciled intent " + std::to_string(intent.id) + " (" + intent.kind +
                             " " + intent.target + "): " + found;
    if (!options.dry_run) {
      store::settle_intent(db, intent.id, store::IntentState::reconciled, found, stamp(clock));
    }
    result.notes.push_back(note);
  }
}

void sync_plan_issue(forge::GithubClient& gh, store::Database& db, const std::string& body,
                     const ApplyOptions& options, Clock& clock, ApplyResult& result) {
  const std::string title = plan_title(options.week);
  auto listed = gh.list_issues(options.plan_label);
  if (!listed.ok()) {
    result.failures.push_back(*listed.failure);
    return;
  }
  const auto& issues = *listed.value;
  auto current = find_titled(issues, title);
  if (!current) {
    auto created = guarded<forge::Issue>(
        db, clock, options, result, "create_issue", title,
        {"POST", "/issues", "create \"" + title + "\" labelled " + options.plan_label},
        [&] { return gh.create_issue(title, body, {options.plan_label}); });
    if (created) {
      current = *created;
      result.notes.push_back("plan issue " + ref(created->number) + " created");
    }
  } else {
    const std::string merged = tick(body, ticked_keys(current->body));
    if (merged == current->body) {
      result.notes.push_back("plan issue " + ref(current->number) + " untouched");
    } else if (current->state == forge::IssueState::closed) {
      result.notes.push_back("plan issue " + ref(current->number) +
                             " was closed by a maintainer: left as it is");
    } else {
      forge::IssueEdit edit;
      edit.body = merged;
      auto edited =
          guarded<forge::Issue>(db, clock, options, result, "edit_issue", title,
                                {"PATCH", "/issues/" + std::to_string(current->number),
                                 "edit the body of " + ref(current->number) + " (" + title + ")"},
                                [&] { return gh.update_issue(current->number, edit); });
      if (edited) result.notes.push_back("plan issue " + ref(current->number) + " edited");
    }
  }
  if (current) result.plan_issue = current->number;
  // Earlier weeks' plans still open: closed with a link to this week's.
  for (const auto& old : issues) {
    if (old.state != forge::IssueState::open || old.title == title ||
        old.title.rfind("Upgrade Plan ", 0) != 0) {
      continue;
    }
    const std::string link = current ? ref(current->number) : title;
    forge::IssueEdit edit;
    edit.state = forge::IssueState::closed;
    edit.state_reason = "completed";
    edit.body = "> Superseded by " + link + " (" + title + ").\n\n" + old.body;
    auto closed = guarded<forge::Issue>(
        db, clock, options, result, "close_issue", old.title,
        {"PATCH", "/issues/" + std::to_string(old.number),
         "close " + ref(old.number) + " (" + old.title + ") superseded by " + link},
        [&] { return gh.update_issue(old.number, edit); });
    if (closed) result.notes.push_back("plan issue " + ref(old.number) + " closed");
  }
}

void report_run(forge::GithubClient& gh, store::Database& db,
                const std::optional<std::string>& failure, const ApplyOptions& options,
                Clock& clock, ApplyResult& result) {
  auto listed = gh.list_issues(options.failed_label, "open");
  if (!listed.ok()) {
    result.failures.push_back(*listed.failure);
    return;
  }
  const auto open = find_titled(*listed.value, failed_title);
  if (failure) {
    const std::string body = "The weekly `versiond apply` run failed.\n\n```\n" + *failure +
                             "\n```\n\nThis issue is closed by the next successful run.\n";
    if (!open) {
      guarded<forge::Issue>(db, clock, options, result, "create_issue", failed_title,
                            {"POST", "/issues", "create \"" + failed_title + "\""}, [&] {
                              return gh.create_issue(failed_title, body, {options.failed_label});
                            });
    } else if (open->body != body) {
      forge::IssueEdit edit;
      edit.body = body;
      guarded<forge::Issue>(db, clock, options, result, "edit_issue", failed_title,
                            {"PATCH", "/issues/" + std::to_string(open->number),
                             "edit " + ref(open->number) + " (" + failed_title + ")"},
                            [&] { return gh.update_issue(open->number, edit); });
    }
    return;
  }
  if (open) {
    forge::IssueEdit edit;
    edit.state = forge::IssueState::closed;
    edit.state_reason = "completed";
    edit.body = open->body + "\n\nResolved: the run of " + stamp(clock) + " succeeded.\n";
    guarded<forge::Issue>(db, clock, options, result, "close_issue", failed_title,
                          {"PATCH", "/issues/" + std::to_string(open->number),
                           "close " + ref(open->number) + " (" + failed_title + ")"},
                          [&] { return gh.update_issue(open->number, edit); });
  }
}

}  // namespace versiond::apply
