#include "config/schema_table.hpp"

#include <regex>

#include "config/scalars.hpp"
#include "versiond/core/cron.hpp"
#include "versiond/core/error.hpp"

namespace versiond::config::detail {

namespace {

using Setter = std::function<void(Config&, const YAML::Node&, ParseContext&, const std::string&)>;

Field leaf(std::string key, std::string type, Setter set) {
  Field f;
  f.key = std::move(key);
  f.shape = Shape::scalar;
  f.type = std::move(type);
  f.set = std::move(set);
  return f;
}

Field list(std::string key, Setter set) {
  Field f = leaf(std::move(key), "string", std::move(set));
  f.shape = Shape::string_list;
  return f;
}

Field map(std::string key, std::string item_type, Setter set) {
  Field f = leaf(std::move(key), std::move(item_type), std::move(set));
  f.shape = Shape::map;
  return f;
}

Field object(std::string key, std::vector<Field> children) {
  Field f;
  f.key = std::move(key);
  f.shape = Shape::object;
  f.type = "object";
  f.children = std::move(children);
  return f;
}

// An integer leaf in [min, max]; `slot` picks the member it fills.
Field integer(std::string key, int min, int max, int& (*slot)(Config&)) {
  return leaf(
      std::move(key), "integer",
      [min, max, slot](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& path) {
        slot(c) = read_int(n, ctx.file, path, min, max);
      });
}

// A URL leaf; its line is remembered for the plain-http check after parsing.
Field url(std::string key, std::string Endpoints::*member) {
  return leaf(std::move(key), "string",
              [member](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& path) {
                c.endpoints.*member = read_url(n, ctx.file, path);
                ctx.urls.push_back({path, c.endpoints.*member, line_of(n)});
              });
}

// A URL leaf that may also be "" (the feature it serves is then off).
Field optional_url(std::string key, std::string Endpoints::*member) {
  return leaf(std::move(key), "string",
              [member](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& path) {
                if (n.IsScalar() && n.Scalar().empty()) {
                  c.endpoints.*member = "";
                  return;
                }
                c.endpoints.*member = read_url(n, ctx.file, path);
                ctx.urls.push_back({path, c.endpoints.*member, line_of(n)});
              });
}

// A mapping of host or URL -> URL (mirrors, Helm repository overrides).
Field url_map(std::string key, std::map<std::string, std::string> Endpoints::*member) {
  return map(std::move(key), "string",
             [member](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& path) {
               for (const auto& kv : n) {
                 const std::string from = read_string(kv.first, ctx.file, path + ".*");
                 const std::string item = path + "." + from;
                 (c.endpoints.*member)[from] = read_url(kv.second, ctx.file, item);
                 ctx.urls.push_back({item, (c.endpoints.*member)[from], line_of(kv.second)});
               }
             });
}

// advisories: {enabled, packages: [{match: {image|chart|package|component: glob},
// ecosystem, name, version_from, line}]}.
Field advisories() {
  auto rule = [](Config& c) -> advisory::MappingRule& { return c.advisories.packages.back(); };
  auto match = [rule](advisory::MatchOn on) {
    return leaf(
        std::string(advisory::to_string(on)), "string",
        [rule, on](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
          if (!rule(c).pattern.empty()) {
            fail(ctx.file, n, "'" + p + "': a match names one of image, chart, package, component");
          }
          rule(c).on = on;
          rule(c).pattern = read_string(n, ctx.file, p);
        });
  };
  Field packages;
  packages.key = "packages";
  packages.shape = Shape::object_list;
  packages.type = "object";
  packages.begin_item = [](Config& c) {
    c.advisories.packages.emplace_back();
    c.advisories.packages.back().user = true;
  };
  packages.check_item = [](const Config& c) -> std::string {
    const auto& r = c.advisories.packages.back();
    if (r.pattern.empty()) return "needs 'match' with one of image, chart, package, component";
    if (r.ecosystem.empty() || r.name.empty()) return "needs 'ecosystem' and 'name'";
    if (r.version_from == advisory::VersionFrom::app_version && r.on != advisory::MatchOn::chart) {
      return "'version_from: app_version' applies to charts only";
    }
    return {};
  };
  packages.children = {
      object("match", {match(advisory::MatchOn::image), match(advisory::MatchOn::chart),
                       match(advisory::MatchOn::package), match(advisory::MatchOn::component)}),
      leaf("ecosystem", "string",
           [rule](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
             rule(c).ecosystem = read_string(n, ctx.file, p);
           }),
      leaf("name", "string",
           [rule](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
             rule(c).name = read_string(n, ctx.file, p);
           }),
      leaf("version_from", "string",
           [rule](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
             const std::string v = read_string(n, ctx.file, p);
             const auto parsed = advisory::parse_version_from(v);
             if (!parsed)
               fail(ctx.file, n, "'" + p + "' must be tag or app_version, got '" + v + "'");
             rule(c).version_from = *parsed;
           }),
      leaf("line", "string",
           [rule](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
             const std::string v = read_string(n, ctx.file, p);
             const auto parsed = advisory::parse_line_by(v);
             if (!parsed) fail(ctx.file, n, "'" + p + "' must be major or minor, got '" + v + "'");
             rule(c).line = *parsed;
           })};
  return object("advisories",
                {leaf("enabled", "boolean",
                      [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                        c.advisories.enabled = read_bool(n, ctx.file, p);
                      }),
                 std::move(packages)});
}

// An object_list of `key` whose items the children fill in the vector
// `items` picks.
template <class T>
Field object_list(std::string key, std::vector<T> Config::*items, std::string (*check)(const T&),
                  std::vector<Field> children) {
  Field f;
  f.key = std::move(key);
  f.shape = Shape::object_list;
  f.type = "object";
  f.begin_item = [items](Config& c) { (c.*items).emplace_back(); };
  f.check_item = [items, check](const Config& c) { return check((c.*items).back()); };
  f.children = std::move(children);
  return f;
}

// Runs a check of core (cron, time zone) and reports its Error at the node's line.
template <class F>
void at_line(const ParseContext& ctx, const YAML::Node& n, F check) {
  try {
    check();
  } catch (const Error& e) {
    fail(ctx.file, n, e.what());
  }
}

// schedules: [{name, job, cron, tz}] of `versiond serve`.
Field schedules() {
  auto check = [](const Schedule& s) -> std::string {
    if (s.name.empty() || s.cron.empty()) return "needs 'name', 'job' and 'cron'";
    return {};
  };
  return object_list<Schedule>(
      "schedules", &Config::schedules, check,
      {leaf("name", "string",
            [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
              static const std::regex name("[A-Za-z0-9][A-Za-z0-9_.-]*");
              const std::string v = read_string(n, ctx.file, p);
              if (!std::regex_match(v, name)) {
                fail(ctx.file, n, "'" + p + "' must be letters, digits, '-', '_' or '.'");
              }
              for (std::size_t i = 0; i + 1 < c.schedules.size(); ++i) {
                if (c.schedules[i].name == v) fail(ctx.file, n, "duplicate schedule '" + v + "'");
              }
              c.schedules.back().name = v;
            }),
       leaf("job", "string",
            [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
              const std::string v = read_string(n, ctx.file, p);
              const auto kind = parse_job_kind(v);
              if (!kind) fail(ctx.file, n, "'" + p + "' must be scan or apply, got '" + v + "'");
              c.schedules.back().job = *kind;
            }),
       leaf("cron", "string",
            [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
              const std::string v = read_string(n, ctx.file, p);
              at_line(ctx, n, [&] { cron::parse(v, p); });
              c.schedules.back().cron = v;
            }),
       leaf("tz", "string",
            [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
              const std::string v = read_string(n, ctx.file, p);
              at_line(ctx, n, [&] { cron::zone(v, p); });
              c.schedules.back().tz = v;
            })});
}

// repositories: [{path} | {url, branch}] of `versiond serve`.
Field repositories() {
  auto check = [](const Repository& r) -> std::string {
    if (r.path.empty() == r.url.empty()) return "needs one of 'path' or 'url'";
    if (!r.branch.empty() && r.url.empty()) return "'branch' goes with 'url'";
    return {};
  };
  auto text = [](std::string Repository::*member) {
    return [member](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
      c.repositories.back().*member = read_string(n, ctx.file, p);
    };
  };
  const auto url = [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
    static const std::regex userinfo("[A-Za-z][A-Za-z0-9+.-]*://[^/@]*@.*");
    const std::string v = read_string(n, ctx.file, p);
    if (std::regex_match(v, userinfo)) {
      fail(
          ctx.file, n,
          "'" + p + "' must not hold credentials (user:token@): they would reach logs and metrics");
    }
    c.repositories.back().url = v;
  };
  return object_list<Repository>(
      "repositories", &Config::repositories, check,
      {leaf("path", "string", text(&Repository::path)), leaf("url", "string", url),
       leaf("branch", "string", text(&Repository::branch))});
}

// server: {listen: "host:port"}.
Field server() {
  return object(
      "server",
      {leaf("listen", "string",
            [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
              static const std::regex listen("[A-Za-z0-9.:\\[\\]-]*:[0-9]{1,5}");
              const std::string v = read_string(n, ctx.file, p);
              if (!std::regex_match(v, listen) || std::stoi(v.substr(v.rfind(':') + 1)) > 65535) {
                fail(ctx.file, n, "'" + p + "' must be host:port, got '" + v + "'");
              }
              c.server.listen = v;
            })});
}

std::vector<Field> build() {
  std::vector<Field> root;
  root.push_back(
      object("endpoints",
             {url("github_api", &Endpoints::github_api),
              url("terraform_registry", &Endpoints::terraform_registry),
              url("endoflife", &Endpoints::endoflife), url("osv", &Endpoints::osv),
              url("docker_hub", &Endpoints::docker_hub),
              optional_url("docker_hub_api", &Endpoints::docker_hub_api),
              url_map("registry_mirrors", &Endpoints::registry_mirrors),
              optional_url("terraform_provider_mirror", &Endpoints::terraform_provider_mirror),
              url_map("helm_repositories", &Endpoints::helm_repositories)}));

  root.push_back(object(
      "credentials",
      {object("github",
              {leaf("token_env", "string",
                    [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                      static const std::regex name("[A-Za-z_][A-Za-z0-9_]*");
                      const std::string v = read_string(n, ctx.file, p);
                      if (!std::regex_match(v, name)) {
                        fail(ctx.file, n,
                             "'" + p + "' must name an environment variable, got '" + v + "'");
                      }
                      c.credentials.github.token_env = v;
                    }),
               leaf("token_file", "string",
                    [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                      c.credentials.github.token_file = read_string(n, ctx.file, p);
                    })})}));

  root.push_back(object(
      "http",
      {list("allow_plain_http_hosts",
            [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
              c.http.allow_plain_http_hosts = read_string_list(n, ctx.file, p);
            }),
       object(
           "concurrency",
           {integer("total", 1, 1024, [](Config& c) -> int& { return c.http.concurrency.total; }),
            integer("per_host", 1, 64,
                    [](Config& c) -> int& { return c.http.concurrency.per_host; })}),
       object("timeouts", {integer("connect_ms", 50, 600000,
                                   [](Config& c) -> int& { return c.http.timeouts.connect_ms; }),
                           integer("total_ms", 100, 3600000,
                                   [](Config& c) -> int& { return c.http.timeouts.total_ms; })}),
       integer("max_retries", 0, 10, [](Config& c) -> int& { return c.http.max_retries; }),
       integer("max_body_mb", 1, 1024, [](Config& c) -> int& { return c.http.max_body_mb; }),
       integer("max_download_mb", 1, 16384,
               [](Config& c) -> int& { return c.http.max_download_mb; })}));

  constexpr int max_ttl = 30 * 24 * 3600;
  root.push_back(object(
      "cache",
      {object("ttl_seconds",
              {integer("default", 0, max_ttl,
                       [](Config& c) -> int& { return c.cache_ttl.default_seconds; }),
               map("per_datasource", "integer",
                   [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                     for (const auto& kv : n) {
                       const std::string ds = read_string(kv.first, ctx.file, p + ".*");
                       c.cache_ttl.per_datasource[ds] =
                           read_int(kv.second, ctx.file, p + "." + ds, 0, max_ttl);
                     }
                   })})}));

  root.push_back(object(
      "terraform", {list("lock_platforms", [](Config& c, const YAML::Node& n, ParseContext& ctx,
                                              const std::string& p) {
        static const std::regex platform("[a-z0-9]+_[a-z0-9]+");
        std::vector<std::string> all = read_string_list(n, ctx.file, p);
        for (const std::string& v : all) {
          if (!std::regex_match(v, platform)) {
            fail(ctx.file, n, "'" + p + "' items must be OS_ARCH (linux_amd64), got '" + v + "'");
          }
        }
        c.terraform.lock_platforms = std::move(all);
      })}));

  root.push_back(leaf("policy_file", "string",
                      [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                        c.policy_file = read_string(n, ctx.file, p);
                      }));

  Field eol;
  eol.key = "endoflife";
  eol.shape = Shape::object_list;
  eol.type = "object";
  eol.begin_item = [](Config& c) { c.endoflife.emplace_back(); };
  eol.check_item = [](const Config& c) -> std::string {
    const auto& j = c.endoflife.back();
    if (j.product.empty()) {
      return "'product' is required";
    }
    if (j.names.empty() && j.packages.empty()) {
      return "needs 'names' or 'packages' to join components to '" + j.product + "'";
    }
    return {};
  };
  eol.children = {
      leaf("product", "string",
           [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
             static const std::regex product("[a-z0-9][a-z0-9._\\-]*");
             const std::string v = read_string(n, ctx.file, p);
             if (!std::regex_match(v, product)) {
               fail(ctx.file, n,
                    "'" + p + "' must be an endoflife.date product id, got '" + v + "'");
             }
             c.endoflife.back().product = v;
           }),
      list("names",
           [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
             c.endoflife.back().names = read_string_list(n, ctx.file, p);
           }),
      list("packages", [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
        c.endoflife.back().packages = read_string_list(n, ctx.file, p);
      })};
  root.push_back(std::move(eol));

  // forge: where `versiond apply` writes.
  auto forge_string = [](std::string key, std::string Forge::*member) {
    return leaf(std::move(key), "string",
                [member](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                  c.forge.configured = true;
                  c.forge.*member = read_string(n, ctx.file, p);
                });
  };
  root.push_back(object(
      "forge", {leaf("type", "string",
                     [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                       c.forge.configured = true;
                       c.forge.type = read_string(n, ctx.file, p);
                       if (c.forge.type != "github") {
                         fail(ctx.file, n,
                              "'" + p + "' must be github, got '" + c.forge.type + "'");
                       }
                     }),
                leaf("api_url", "string",
                     [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                       c.forge.configured = true;
                       c.forge.api_url = read_url(n, ctx.file, p);
                       ctx.urls.push_back({p, c.forge.api_url, line_of(n)});
                     }),
                leaf("repository", "string",
                     [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                       static const std::regex repo("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
                       c.forge.configured = true;
                       c.forge.repository = read_string(n, ctx.file, p);
                       if (!std::regex_match(c.forge.repository, repo)) {
                         fail(ctx.file, n,
                              "'" + p + "' must be owner/name, got '" + c.forge.repository + "'");
                       }
                     }),
                leaf("token_env", "string",
                     [](Config& c, const YAML::Node& n, ParseContext& ctx, const std::string& p) {
                       static const std::regex name("[A-Za-z_][A-Za-z0-9_]*");
                       c.forge.configured = true;
                       c.forge.token_env = read_string(n, ctx.file, p);
                       if (!std::regex_match(c.forge.token_env, name)) {
                         fail(ctx.file, n,
                              "'" + p + "' must name an environment variable, got '" +
                                  c.forge.token_env + "'");
                       }
                     }),
                forge_string("token_file", &Forge::token_file),
                forge_string("git_remote", &Forge::git_remote),
                forge_string("base_branch", &Forge::base_branch)}));

  // window: the maintenance window the Upgrade Plan names.
  auto window_string = [](std::string key, std::string Window::*member, const std::string& pattern,
                          const std::string& expected) {
    return leaf(std::move(key), "string",
                [member, pattern, expected](Config& c, const YAML::Node& n, ParseContext& ctx,
                                            const std::string& p) {
                  c.window.configured = true;
                  c.window.*member = read_string(n, ctx.file, p);
                  if (!std::regex_match(c.window.*member, std::regex(pattern))) {
                    fail(ctx.file, n,
                         "'" + p + "' must be " + expected + ", got '" + c.window.*member + "'");
                  }
                });
  };
  root.push_back(object(
      "window",
      {window_string("rrule", &Window::rrule, "FREQ=(WEEKLY|MONTHLY)(;[A-Z]+=[A-Z0-9,+-]+)*",
                     "an RRULE (FREQ=WEEKLY or MONTHLY with BYDAY, BYHOUR, BYMINUTE)"),
       window_string("cron", &Window::cron, "\\S+ \\S+ \\S+ \\S+ \\S+",
                     "a five-field cron line (minute hour day month weekday)"),
       window_string("duration", &Window::duration, "[0-9]+(m|h)", "minutes or hours (90m, 2h)"),
       window_string("tz", &Window::tz, "[A-Za-z_]+(/[A-Za-z_+-]+)*", "an IANA time zone")}));

  root.push_back(advisories());
  root.push_back(schedules());
  root.push_back(repositories());
  root.push_back(server());
  return root;
}

}  // namespace

const std::vector<Field>& root_fields() {
  static const std::vector<Field> fields = build();
  return fields;
}

}  // namespace versiond::config::detail
