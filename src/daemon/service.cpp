#include "versiond/daemon/service.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "versiond/core/error.hpp"
#include "versiond/daemon/child_process.hpp"
#include "versiond/daemon/http_server.hpp"
#include "versiond/daemon/job_report.hpp"
#include "versiond/daemon/metrics.hpp"
#include "versiond/daemon/scheduler.hpp"
#include "versiond/daemon/signals.hpp"
#include "versiond/daemon/slug.hpp"
#include "versiond/daemon/store_lock.hpp"
#include "versiond/net/http.hpp"
#include "versiond/net/redact.hpp"
#include "versiond/store/dates.hpp"
#include "versiond/store/store.hpp"

namespace versiond::daemon {

namespace {

namespace fs = std::filesystem;
using SlotKey = std::pair<std::string, std::string>;  // schedule, repository

// The folder of one configuration generation's snapshots (the validated
// configuration and policy files jobs read), removed with its last user.
class SnapshotDir {
 public:
  explicit SnapshotDir(fs::path dir) : dir_(std::move(dir)) {}
  ~SnapshotDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  SnapshotDir(const SnapshotDir&) = delete;
  SnapshotDir& operator=(const SnapshotDir&) = delete;
  const fs::path& path() const noexcept { return dir_; }

 private:
  fs::path dir_;
};

// One generation of configuration: what SIGHUP replaces as a whole. Jobs
// hold it while they run, so a reload never removes a snapshot in use.
struct Loaded {
  ServiceConfig config;
  std::unique_ptr<SnapshotDir> snapshots;
};

std::vector<std::string> labels(const Loaded& l) {
  std::vector<std::string> out;
  for (const auto& r : l.config.repositories) out.push_back(r.label());
  return out;
}

// How a child that gave no usable answer ended, for the run's message.
std::string how_it_ended(const std::string& program, const ChildOutcome& out) {
  if (!out.started) return out.error;
  std::string text = "versiond " + program;
  if (out.signal != 0) {
    text += " was ended by signal " + std::to_string(out.signal);
  } else {
    text += " exited with status " + std::to_string(out.exit_code);
  }
  return out.error.empty() ? text : text + " (" + out.error + ")";
}

std::map<SlotKey, Clock::time_point> last_slots(const fs::path& db) {
  store::Store s(db);
  std::map<SlotKey, Clock::time_point> out;
  for (const auto& run : store::latest_job_runs(s.db())) {
    if (const auto t = store::parse_instant(run.slot)) out[{run.schedule, run.repository}] = *t;
  }
  return out;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

class Service {
 public:
  explicit Service(const ServeOptions& o)
      : o_(o), clock_(*o.clock), metrics_(std::make_shared<Metrics>(o.version, o.commit)) {
    std::error_code ec;
    fs::remove_all(snapshot_root(), ec);  // an earlier process's (this one holds the store lock)
    loaded_ = load();
    store::Store s(o.db);
    if (const int n = store::settle_interrupted_runs(s.db(), net::format_utc(clock_.now()))) {
      spdlog::warn("{} job runs were cut short by an earlier stop; recorded as failed", n);
    }
    for (const auto& run : store::latest_job_runs(s.db())) {
      const auto finished = store::parse_instant(run.finished_at);
      if (!finished) continue;
      const auto ok = run.outcome == store::RunOutcome::success ? finished : std::nullopt;
      metrics_->restore_run(run.job, run.repository, run.outcome, *finished,
                            static_cast<double>(run.duration_ms) / 1000.0, ok);
    }
    scheduler_.emplace(loaded_->config.schedules, labels(*loaded_), last_slots(o.db), clock_.now());
  }

  // The stop path's last step, also when the service is not running yet.
  void stop_children() noexcept { children_.stop(); }

  void signal(SignalEvent e) {
    {
      const std::lock_guard lock(mutex_);
      (e == SignalEvent::stop ? stop_ : reload_) = true;
    }
    wake_.notify_all();
    job_wake_.notify_all();
  }

  Answer readyz() const {
    std::set<SlotKey> configured;  // runs of schedules no longer configured do not count
    {
      const std::lock_guard lock(mutex_);
      for (const auto& schedule : loaded_->config.schedules) {
        for (const auto& repo : labels(*loaded_)) configured.insert({schedule.name, repo});
      }
    }
    std::vector<store::JobRun> runs;
    try {
      store::Database db(o_.db, store::OpenMode::read_only);
      runs = store::latest_job_runs(db, true);  // a running job: its previous outcome
    } catch (const std::exception& e) {
      return {503, std::string("store unreachable: ") + e.what() + "\n"};
    }
    for (const auto& r : runs) {
      if (r.outcome == store::RunOutcome::failure && configured.count({r.schedule, r.repository})) {
        return {503, r.job + " (schedule " + r.schedule + ") of " + r.repository + " failed at " +
                         r.finished_at + ": " + first_line(r.message) + "\n"};
      }
    }
    return {200, "ready\n"};
  }

  std::string listen() const {
    const std::lock_guard lock(mutex_);
    return loaded_->config.listen;
  }

  Answer metrics() const {
    return {200, metrics_->render(), "text/plain; version=0.0.4; charset=utf-8"};
  }

  // The schedule loop, on the calling thread, until a stop.
  void run() {
    std::thread worker([this] { work(); });
    std::unique_lock lock(mutex_);
    while (!stop_) {
      if (reload_) {
        reload_ = false;
        lock.unlock();
        reload();
        lock.lock();
        continue;
      }
      for (auto& due : scheduler_->take_due(clock_.now())) {
        if (!pending_.insert({due.schedule, due.repository}).second) continue;  // still queued
        queue_.push_back(std::move(due));
        job_wake_.notify_one();
      }
      for (const auto& [schedule, at] : scheduler_->next_runs())
        metrics_->set_next_run(schedule, at);
      const auto wake = scheduler_->next_wake();
      if (!wake) {
        wake_.wait(lock, [this] { return stop_ || reload_; });
        continue;
      }
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*wake - clock_.now());
      wake_.wait_for(lock, std::max(wait, std::chrono::milliseconds(1)),
                     [this] { return stop_ || reload_; });
    }
    // Stop: the job's child gets SIGTERM (SIGKILL after the grace period);
    // its unfinished store transaction rolls back, and the run is recorded
    // as failed here.
    children_.stop();
    job_wake_.notify_all();
    const bool idle =
        idle_.wait_for(lock, o_.stop_grace + std::chrono::seconds(1), [this] { return !running_; });
    lock.unlock();
    if (!idle) {
      spdlog::warn("stopping with a job still recording its end after {} ms",
                   o_.stop_grace.count());
      spdlog::default_logger()->flush();
      std::_Exit(0);
    }
    worker.join();
    spdlog::info("stopped");
  }

 private:
  void reload() {
    try {
      auto fresh = load();
      Scheduler scheduler(fresh->config.schedules, labels(*fresh), last_slots(o_.db), clock_.now());
      if (fresh->config.listen != loaded_->config.listen) {
        spdlog::warn("server.listen changed: the new address takes effect after a restart");
      }
      const std::lock_guard lock(mutex_);
      loaded_ = std::move(fresh);
      scheduler_.emplace(std::move(scheduler));
      spdlog::info("configuration reloaded: {} schedules, {} repositories",
                   loaded_->config.schedules.size(), loaded_->config.repositories.size());
    } catch (const std::exception& e) {
      spdlog::error("reload rejected, the running configuration is kept: {}", e.what());
    }
  }

  fs::path snapshot_root() const { return o_.db.parent_path() / "serve"; }

  std::vector<std::string> child_argv(const char* command) const {
    std::vector<std::string> argv{o_.versiond.string()};
    argv.insert(argv.end(), o_.child_options.begin(), o_.child_options.end());
    argv.emplace_back(command);
    argv.insert(argv.end(), {"--service-pid", std::to_string(::getpid())});
    return argv;
  }

  // `versiond serve-config` validates the configuration and each local
  // repository's policy and writes their snapshots; throws Error(usage) with
  // its message when they are invalid. On the schedule loop's thread only.
  std::shared_ptr<const Loaded> load() {
    auto snapshots = std::make_unique<SnapshotDir>(snapshot_root() / std::to_string(++generation_));
    std::vector<std::string> argv = child_argv("serve-config");
    for (const std::string& a : {std::string("--repo"), o_.repo.string(), std::string("--out"),
                                 snapshots->path().string()}) {
      argv.push_back(a);
    }
    if (o_.config_file) argv.insert(argv.end(), {"--config", o_.config_file->string()});
    if (!o_.policy.empty()) argv.insert(argv.end(), {"--policy", o_.policy});
    const ChildOutcome out = children_.run(argv, o_.stop_grace);
    if (out.stopped) throw Error(ErrorKind::usage, "stopped while loading the configuration");
    if (!out.started || out.out.empty()) {
      throw Error(ErrorKind::internal,
                  "cannot load the configuration: " + how_it_ended("serve-config", out));
    }
    auto l = std::make_shared<Loaded>();
    l->config = parse_service_config(out.out);
    l->snapshots = std::move(snapshots);
    return l;
  }

  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      job_wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      const Due due = queue_.front();
      queue_.pop_front();
      const std::shared_ptr<const Loaded> loaded = loaded_;
      running_ = true;
      lock.unlock();
      execute(due, *loaded);
      lock.lock();
      running_ = false;
      pending_.erase({due.schedule, due.repository});
      idle_.notify_all();
    }
  }

  fs::path repository_db(const Loaded& l, const std::string& label) const {
    if (l.config.repositories.size() == 1) return o_.db;
    return o_.db.parent_path() / "repos" / slug(label) / "versiond.db";
  }

  // One job in a `versiond serve-job` child; never throws.
  JobResult run_child_job(const Due& due, const config::Repository& repo, const Loaded& l) {
    JobSpec spec;
    spec.job = due.job;
    spec.repository = repo;
    spec.state_dir = o_.db.parent_path();
    spec.config_file = l.config.config_file;
    spec.config_dir = l.config.config_dir;
    spec.db = repository_db(l, due.repository);
    const auto policy = l.config.policies.find(due.repository);
    spec.policy_file = policy != l.config.policies.end() ? policy->second : fs::path(o_.policy);
    std::vector<std::string> argv = child_argv("serve-job");
    argv.push_back(to_json(spec));
    const ChildOutcome out = children_.run(argv, o_.stop_grace);
    JobResult result;
    if (out.stopped) {
      result.message = "stopped by the service's shutdown";
      return result;
    }
    try {
      // Its answer, or {"error": ...} (parse_job_result throws with that text).
      if (out.started && !out.out.empty()) return parse_job_result(out.out);
      result.message = how_it_ended("serve-job", out);
    } catch (const std::exception& e) {
      result.message = how_it_ended("serve-job", out) + ": " + e.what();
    }
    return result;
  }

  void execute(const Due& due, const Loaded& l) noexcept {
    const std::string job(config::to_string(due.job));
    try {
      const config::Repository* repo = nullptr;
      for (const auto& r : l.config.repositories) {
        if (r.label() == due.repository) repo = &r;
      }
      if (repo == nullptr) return;  // removed by a reload
      store::Store s(o_.db);
      const auto started = clock_.now();
      const std::int64_t id = store::begin_job_run(
          s.db(), {0, due.schedule, job, due.repository, net::format_utc(due.slot),
                   net::format_utc(started), "", store::RunOutcome::running, 0, ""});
      metrics_->job_started(job, due.repository);
      spdlog::info("{} {} of {} started{}", due.schedule, job, due.repository,
                   due.catch_up ? " (catching up a slot missed while stopped)" : "");
      const JobResult result = run_child_job(due, *repo, l);
      // Stored, logged and served by /readyz: no registered secret in it, whatever produced it.
      const std::string message = net::redact(result.message);
      const auto finished = clock_.now();
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(finished - started);
      store::finish_job_run(s.db(), id, result.outcome, net::format_utc(finished), ms.count(),
                            message);
      metrics_->job_finished(job, due.repository, result.outcome, finished,
                             static_cast<double>(ms.count()) / 1000.0);
      metrics_->add_traffic(result.traffic);
      if (result.updates) metrics_->set_updates(due.repository, *result.updates);
      if (result.exposures) metrics_->set_exposures(due.repository, *result.exposures);
      if (result.plan_items) metrics_->set_plan_items(due.repository, *result.plan_items);
      if (result.open_pulls) metrics_->set_open_pull_requests(due.repository, *result.open_pulls);
      const auto level =
          result.outcome == store::RunOutcome::success ? spdlog::level::info : spdlog::level::warn;
      spdlog::log(level, "{} {} of {}: {} in {} ms{}{}", due.schedule, job, due.repository,
                  store::to_string(result.outcome), ms.count(), message.empty() ? "" : ": ",
                  first_line(message));
    } catch (const std::exception& e) {
      metrics_->job_finished(job, due.repository, store::RunOutcome::failure, clock_.now(), 0);
      spdlog::error("{} {} of {}: could not record the run: {}", due.schedule, job, due.repository,
                    e.what());
    }
  }

  const ServeOptions& o_;
  Clock& clock_;
  std::shared_ptr<Metrics> metrics_;
  ChildRunner children_;
  int generation_ = 0;  // configuration loads, on the schedule loop's thread

  mutable std::mutex mutex_;
  std::condition_variable wake_;      // the schedule loop
  std::condition_variable job_wake_;  // the job thread
  std::condition_variable idle_;      // a job ended
  bool stop_ = false;
  bool reload_ = false;
  bool running_ = false;
  std::shared_ptr<const Loaded> loaded_;
  std::optional<Scheduler> scheduler_;
  std::deque<Due> queue_;
  std::set<SlotKey> pending_;  // queued or running
};

}  // namespace

int serve(const ServeOptions& o) {
  // Blocks the signals before any other thread starts, so only its thread takes them.
  Service* service = nullptr;
  std::mutex service_mutex;
  SignalWatcher signals([&](SignalEvent e) {
    const std::lock_guard lock(service_mutex);
    if (service != nullptr) {
      service->signal(e);
    } else if (e == SignalEvent::stop) {
      std::_Exit(0);  // still starting: nothing to finish
    }
  });
  const StoreLock lock(o.db);
  Service svc(o);
  const std::string listen = svc.listen();
  HttpServer http(listen, {[&] { return svc.readyz(); }, [&] { return svc.metrics(); }});
  spdlog::info("versiond serve {} ({}) listening on {}:{}", o.version, o.commit,
               listen.substr(0, listen.rfind(':')), http.port());
  {
    const std::lock_guard l(service_mutex);
    service = &svc;
  }
  svc.run();
  http.stop();
  const std::lock_guard l(service_mutex);
  service = nullptr;
  return exit_code::ok;
}

}  // namespace versiond::daemon
