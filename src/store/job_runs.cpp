#include "versiond/store/job_runs.hpp"

namespace versiond::store {

std::string_view to_string(RunOutcome o) noexcept {
  switch (o) {
    case RunOutcome::running: return "running";
    case RunOutcome::success: return "success";
    case RunOutcome::partial: return "partial";
    case RunOutcome::failure: return "failure";
  }
  return "running";
}

std::optional<RunOutcome> parse_run_outcome(std::string_view text) noexcept {
  for (RunOutcome o :
       {RunOutcome::running, RunOutcome::success, RunOutcome::partial, RunOutcome::failure}) {
    if (to_string(o) == text) return o;
  }
  return std::nullopt;
}

std::int64_t begin_job_run(Database& db, const JobRun& run) {
  Statement st(db,
               "INSERT INTO job_runs(schedule, job, repository, slot, started_at, outcome) "
               "VALUES (?, ?, ?, ?, ?, 'running')");
  st.bind(1, run.schedule)
      .bind(2, run.job)
      .bind(3, run.repository)
      .bind(4, run.slot)
      .bind(5, run.started_at)
      .run();
  return db.last_insert_rowid();
}

void finish_job_run(Database& db, std::int64_t id, RunOutcome outcome,
                    const std::string& finished_at, std::int64_t duration_ms,
                    const std::string& message) {
  Statement st(db,
               "UPDATE job_runs SET outcome = ?, finished_at = ?, duration_ms = ?, message = ? "
               "WHERE id = ?");
  st.bind(1, to_string(outcome))
      .bind(2, finished_at)
      .bind(3, duration_ms)
      .bind(4, message)
      .bind(5, id)
      .run();
}

int settle_interrupted_runs(Database& db, const std::string& now) {
  Statement st(db,
               "UPDATE job_runs SET outcome = 'failure', finished_at = ?, message = "
               "'interrupted: the service stopped during the run' WHERE outcome = 'running'");
  st.bind(1, now).run();
  return db.changes();
}

namespace {

std::vector<JobRun> read(Database& db, std::string_view where) {
  Statement st(db, std::string("SELECT id, schedule, job, repository, slot, started_at, "
                               "finished_at, outcome, duration_ms, message FROM job_runs ") +
                       std::string(where));
  std::vector<JobRun> out;
  while (st.step()) {
    JobRun r;
    r.id = st.integer(0);
    r.schedule = st.text(1);
    r.job = st.text(2);
    r.repository = st.text(3);
    r.slot = st.text(4);
    r.started_at = st.text(5);
    r.finished_at = st.text(6);
    r.outcome = parse_run_outcome(st.text(7)).value_or(RunOutcome::failure);
    r.duration_ms = st.integer(8);
    r.message = st.text(9);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<JobRun> latest_job_runs(Database& db, bool finished_only) {
  return read(db, std::string("WHERE id IN (SELECT MAX(id) FROM job_runs ") +
                      (finished_only ? "WHERE outcome <> 'running' " : "") +
                      "GROUP BY schedule, repository) ORDER BY schedule, repository");
}

std::vector<JobRun> all_job_runs(Database& db) { return read(db, "ORDER BY id"); }

}  // namespace versiond::store
