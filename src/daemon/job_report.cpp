#include "versiond/daemon/job_report.hpp"

#include <nlohmann/json.hpp>

#include "versiond/core/error.hpp"

namespace versiond::daemon {

namespace {

using nlohmann::json;

template <class K>
json counts(const std::map<K, double>& m) {
  json out = json::array();
  for (const auto& [k, v] : m) {
    if constexpr (std::is_same_v<K, std::string>) {
      out.push_back({k, v});
    } else {
      out.push_back({k.first, k.second, v});
    }
  }
  return out;
}

json repository_json(const config::Repository& r) {
  return {{"path", r.path}, {"url", r.url}, {"branch", r.branch}};
}

config::Repository repository_from(const json& j) {
  return {j.at("path").get<std::string>(), j.at("url").get<std::string>(),
          j.at("branch").get<std::string>()};
}

config::JobKind job_kind(const json& j) {
  const auto kind = config::parse_job_kind(j.get<std::string>());
  if (!kind) throw Error(ErrorKind::internal, "unknown job kind " + j.dump());
  return *kind;
}

// Parses `text`; an {"error": ...} answer becomes Error(usage) with its text.
json parse_answer(std::string_view text, std::string_view what) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    throw Error(ErrorKind::internal,
                std::string(what) + ": not a JSON object: " + std::string(text.substr(0, 200)));
  }
  if (const auto e = j.find("error"); e != j.end() && e->is_string()) {
    throw Error(ErrorKind::usage, e->get<std::string>());
  }
  return j;
}

// Runs a decoder and names the field a type or missing-key error is about.
template <class F>
auto decoding(std::string_view what, F&& f) {
  try {
    return f();
  } catch (const json::exception& e) {
    throw Error(ErrorKind::internal, std::string(what) + ": " + e.what());
  } catch (const Error& e) {
    throw Error(ErrorKind::internal, std::string(what) + ": " + e.what());
  }
}

}  // namespace

std::string error_json(std::string_view message) {
  return json{{"error", std::string(message)}}.dump();
}

std::string to_json(const JobResult& r) {
  json j = {{"outcome", std::string(store::to_string(r.outcome))}, {"message", r.message}};
  if (r.updates) {
    json updates = json::array();
    for (const auto& [key, n] : r.updates->updates) updates.push_back({key.first, key.second, n});
    json behind = json::array();
    for (const auto& b : r.updates->behind) behind.push_back({b.component, b.tier, b.seconds});
    j["updates"] = {{"updates", updates}, {"behind", behind}};
  }
  if (r.exposures) {
    json exposures = json::array();
    for (const auto& e : *r.exposures) {
      exposures.push_back({e.component, e.advisory, e.severity, e.seconds});
    }
    j["exposures"] = exposures;
  }
  if (r.plan_items) j["plan_items"] = *r.plan_items;
  if (r.open_pulls) j["open_pulls"] = *r.open_pulls;
  j["traffic"] = {{"requests", counts(r.traffic.requests)},
                  {"not_modified", counts(r.traffic.not_modified)},
                  {"rate_limit_remaining", counts(r.traffic.rate_limit_remaining)},
                  {"cache_hits", counts(r.traffic.cache_hits)}};
  return j.dump();
}

JobResult parse_job_result(std::string_view text) {
  const json j = parse_answer(text, "versiond serve-job");
  return decoding("versiond serve-job", [&] {
    JobResult r;
    const auto outcome = store::parse_run_outcome(j.at("outcome").get<std::string>());
    if (!outcome) throw Error(ErrorKind::internal, "unknown outcome " + j.at("outcome").dump());
    r.outcome = *outcome;
    r.message = j.at("message").get<std::string>();
    if (const auto u = j.find("updates"); u != j.end()) {
      UpdateSummary s;
      for (const auto& e : u->at("updates")) {
        s.updates[{e.at(0).get<std::string>(), e.at(1).get<std::string>()}] = e.at(2).get<int>();
      }
      for (const auto& e : u->at("behind")) {
        s.behind.push_back(
            {e.at(0).get<std::string>(), e.at(1).get<std::string>(), e.at(2).get<double>()});
      }
      r.updates = std::move(s);
    }
    if (const auto e = j.find("exposures"); e != j.end()) {
      r.exposures.emplace();
      for (const auto& x : *e) {
        r.exposures->push_back({x.at(0).get<std::string>(), x.at(1).get<std::string>(),
                                x.at(2).get<std::string>(), x.at(3).get<double>()});
      }
    }
    if (j.contains("plan_items")) r.plan_items = j.at("plan_items").get<int>();
    if (j.contains("open_pulls")) r.open_pulls = j.at("open_pulls").get<int>();
    const json& t = j.at("traffic");
    for (const auto& e : t.at("requests")) {
      r.traffic.requests[{e.at(0).get<std::string>(), e.at(1).get<std::string>()}] =
          e.at(2).get<double>();
    }
    for (const auto& [field, target] :
         {std::pair{"not_modified", &r.traffic.not_modified},
          std::pair{"rate_limit_remaining", &r.traffic.rate_limit_remaining},
          std::pair{"cache_hits", &r.traffic.cache_hits}}) {
      for (const auto& e : t.at(field))
        (*target)[e.at(0).get<std::string>()] = e.at(1).get<double>();
    }
    return r;
  });
}

std::string to_json(const JobSpec& s) {
  return json{{"job", std::string(config::to_string(s.job))},
              {"repository", repository_json(s.repository)},
              {"state_dir", s.state_dir.string()},
              {"config_file", s.config_file.string()},
              {"config_dir", s.config_dir.string()},
              {"db", s.db.string()},
              {"policy_file", s.policy_file.string()}}
      .dump();
}

JobSpec parse_job_spec(std::string_view text) {
  const json j = parse_answer(text, "job spec");
  return decoding("job spec", [&] {
    JobSpec s;
    s.job = job_kind(j.at("job"));
    s.repository = repository_from(j.at("repository"));
    s.state_dir = j.at("state_dir").get<std::string>();
    s.config_file = j.at("config_file").get<std::string>();
    s.config_dir = j.at("config_dir").get<std::string>();
    s.db = j.at("db").get<std::string>();
    s.policy_file = j.at("policy_file").get<std::string>();
    return s;
  });
}

std::string to_json(const ServiceConfig& c) {
  json schedules = json::array();
  for (const auto& s : c.schedules) {
    schedules.push_back({{"name", s.name},
                         {"job", std::string(config::to_string(s.job))},
                         {"cron", s.cron},
                         {"tz", s.tz}});
  }
  json repositories = json::array();
  for (const auto& r : c.repositories) repositories.push_back(repository_json(r));
  json policies = json::object();
  for (const auto& [label, file] : c.policies) policies[label] = file.string();
  return json{{"listen", c.listen},
              {"schedules", schedules},
              {"repositories", repositories},
              {"config_file", c.config_file.string()},
              {"config_dir", c.config_dir.string()},
              {"policies", policies}}
      .dump();
}

ServiceConfig parse_service_config(std::string_view text) {
  const json j = parse_answer(text, "versiond serve-config");
  return decoding("versiond serve-config", [&] {
    ServiceConfig c;
    c.listen = j.at("listen").get<std::string>();
    for (const auto& s : j.at("schedules")) {
      c.schedules.push_back({s.at("name").get<std::string>(), job_kind(s.at("job")),
                             s.at("cron").get<std::string>(), s.at("tz").get<std::string>()});
    }
    for (const auto& r : j.at("repositories")) c.repositories.push_back(repository_from(r));
    if (c.repositories.empty())
      throw Error(ErrorKind::internal, "versiond serve-config: no repository");
    c.config_file = j.at("config_file").get<std::string>();
    c.config_dir = j.at("config_dir").get<std::string>();
    for (const auto& [label, file] : j.at("policies").items())
      c.policies[label] = file.get<std::string>();
    return c;
  });
}

}  // namespace versiond::daemon
