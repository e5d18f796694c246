#include "support/fake_github.hpp"

#include <httplib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace versiond::test {
namespace {

using json = nlohmann::json;

// ---- the OpenAPI description -------------------------------------------------

struct Route {
  std::string templ;                     // "/repos/{owner}/{repo}/issues/{issue_number}"
  std::regex pattern;                    // the template as a regex, one group per parameter
  std::vector<std::string> param_names;  // in order
  int literal_segments = 0;              // more literal segments = more specific
};

class OpenApi {
 public:
  static const OpenApi& get() {
    static const OpenApi api;
    return api;
  }

  const json& doc() const { return doc_; }
  const std::vector<Route>& routes() const { return routes_; }

  // "#/components/schemas/x" → the node.
  const json& resolve(const json& node) const {
    const json* n = &node;
    for (int depth = 0; depth < 32 && n->is_object() && n->contains("$ref"); ++depth) {
      std::string ref = (*n)["$ref"].get<std::string>();
      if (ref.rfind("#/", 0) != 0) throw std::runtime_error("openapi: external $ref " + ref);
      json::json_pointer pointer(ref.substr(1));
      n = &doc_.at(pointer);
    }
    return *n;
  }

 private:
  OpenApi() {
    doc_ = json::parse(read_fixture("github/openapi/github-rest-subset.json"));
    for (const auto& [templ, item] : doc_["paths"].items()) {
      Route r;
      r.templ = templ;
      std::string regex = "^";
      std::size_t pos = 0;
      while (pos < templ.size()) {
        auto open = templ.find('{', pos);
        if (open == std::string::npos) {
          regex += escape(templ.substr(pos));
          break;
        }
        regex += escape(templ.substr(pos, open - pos));
        auto close = templ.find('}', open);
        std::string name = templ.substr(open + 1, close - open - 1);
        r.param_names.push_back(name);
        regex += multi_segment(item, name) ? "(.+)" : "([^/]+)";
        pos = close + 1;
      }
      regex += "$";
      r.pattern = std::regex(regex);
      std::stringstream segments(templ);
      std::string seg;
      while (std::getline(segments, seg, '/'))
        if (!seg.empty() && seg.front() != '{') ++r.literal_segments;
      routes_.push_back(std::move(r));
    }
  }

  static std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) out += '\\';
      out += c;
    }
    return out;
  }

  bool multi_segment(const json& item, const std::string& name) const {
    for (const auto& [method, op] : item.items()) {
      if (!op.is_object() || !op.contains("parameters")) continue;
      for (const auto& p : op["parameters"]) {
        const json* param = &p;
        if (p.contains("$ref")) {
          json::json_pointer pointer(p["$ref"].get<std::string>().substr(1));
          param = &doc_.at(pointer);
        }
        if (param->value("name", "") == name && param->value("x-multi-segment", false)) return true;
      }
    }
    return false;
  }

  json doc_;
  std::vector<Route> routes_;
};

std::string type_of(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

// Schema validation: type, nullable, enum, required, properties, items, oneOf/anyOf/allOf.
void validate(const OpenApi& api, const json& schema_node, const json& value,
              const std::string& where, std::vector<std::string>& errors) {
  const json& schema = api.resolve(schema_node);
  if (!schema.is_object()) return;
  if (value.is_null()) {
    if (schema.value("nullable", false) || !schema.contains("type")) return;
    errors.push_back(where + ": null is not allowed");
    return;
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    if (!schema.contains(key)) continue;
    bool any = false;
    for (const auto& alternative : schema[key]) {
      std::vector<std::string> sub;
      validate(api, alternative, value, where, sub);
      if (sub.empty()) any = true;
    }
    if (!any) errors.push_back(where + ": matches none of " + key);
  }
  if (schema.contains("allOf")) {
    for (const auto& part : schema["allOf"]) validate(api, part, value, where, errors);
  }
  if (schema.contains("type")) {
    const std::string want = schema["type"].get<std::string>();
    const std::string got = type_of(value);
    const bool ok = want == got || (want == "number" && got == "integer");
    if (!ok) {
      errors.push_back(where + ": expected " + want + ", got " + got);
      return;
    }
  }
  if (schema.contains("enum") && value.is_string()) {
    bool found = false;
    for (const auto& e : schema["enum"])
      if (e == value) found = true;
    if (!found) errors.push_back(where + ": '" + value.get<std::string>() + "' is not in the enum");
  }
  if (value.is_object()) {
    if (schema.contains("required")) {
      for (const auto& r : schema["required"])
        if (!value.contains(r.get<std::string>()))
          errors.push_back(where + ": required field '" + r.get<std::string>() + "' missing");
    }
    if (schema.contains("properties")) {
      for (const auto& [k, v] : value.items()) {
        if (schema["properties"].contains(k)) {
          validate(api, schema["properties"][k], v, where + "." + k, errors);
        } else if (schema.contains("additionalProperties") &&
                   schema["additionalProperties"] == false) {
          errors.push_back(where + ": unknown field '" + k + "'");
        }
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    std::size_t i = 0;
    for (const auto& item : value)
      validate(api, schema["items"], item, where + "[" + std::to_string(i++) + "]", errors);
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>())
      errors.push_back(where + ": fewer than minItems items");
  }
}

// A value for a schema the fake does not fill itself: its enum's first value,
// a placeholder of its type, null when nullable.
json placeholder(const OpenApi& api, const json& schema_node, int depth);

// Adds every required field `value` lacks (recursively, into the fields it
// has), so the fake's answers are complete objects of their schema; the
// fields the fake does set keep their values and are then validated.
void complete(const OpenApi& api, const json& schema_node, json& value, int depth = 0) {
  const json& schema = api.resolve(schema_node);
  if (!schema.is_object() || depth > 12) return;
  if (schema.contains("allOf")) {
    for (const auto& part : schema["allOf"]) complete(api, part, value, depth + 1);
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    if (!schema.contains(key) || !value.is_object()) continue;
    for (const auto& alternative : schema[key]) {
      if (api.resolve(alternative).value("type", "") == "object") {
        complete(api, alternative, value, depth + 1);
        break;
      }
    }
  }
  if (value.is_object() && schema.contains("properties")) {
    for (const auto& r : schema.value("required", json::array())) {
      const std::string name = r.get<std::string>();
      if (!value.contains(name) && schema["properties"].contains(name))
        value[name] = placeholder(api, schema["properties"][name], depth + 1);
    }
    for (auto& [k, v] : value.items()) {
      if (schema["properties"].contains(k)) complete(api, schema["properties"][k], v, depth + 1);
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (auto& item : value) complete(api, schema["items"], item, depth + 1);
  }
}

json placeholder(const OpenApi& api, const json& schema_node, int depth) {
  const json& schema = api.resolve(schema_node);
  if (schema.value("nullable", false)) return nullptr;
  if (schema.contains("enum") && !schema["enum"].empty()) return schema["enum"][0];
  for (const char* key : {"allOf", "oneOf", "anyOf"}) {
    if (schema.contains(key) && !schema[key].empty()) {
      const json& first = api.resolve(schema[key][0]);
      if (first.value("nullable", false)) return nullptr;
      json v = placeholder(api, first, depth + 1);
      if (v.is_object()) complete(api, schema, v, depth + 1);
      return v;
    }
  }
  const std::string type = schema.value("type", "object");
  if (type == "string") {
    const std::string format = schema.value("format", "");
    if (format == "date-time") return "2026-12-01T00:00:00Z";
    if (format == "uri") return "https://api.github.com/";
    return "";
  }
  if (type == "integer" || type == "number") return 0;
  if (type == "boolean") return false;
  if (type == "array") return json::array();
  json v = json::object();
  complete(api, schema, v, depth + 1);
  return v;
}

// The JSON schema of an operation's answer with `status`, null when none.
const json* response_schema(const OpenApi& api, const json& op, const std::string& status) {
  if (!op["responses"].contains(status)) return nullptr;
  const json& response = api.resolve(op["responses"][status]);
  if (!response.contains("content") || !response["content"].contains("application/json"))
    return nullptr;
  const json& media = response["content"]["application/json"];
  return media.contains("schema") ? &media["schema"] : nullptr;
}

// A parameter value (always text on the wire) checked against a scalar schema.
void validate_text(const OpenApi& api, const json& schema_node, const std::string& text,
                   const std::string& where, std::vector<std::string>& errors) {
  const json& schema = api.resolve(schema_node);
  const std::string type = schema.value("type", "string");
  if (type == "integer") {
    if (text.empty() || !std::all_of(text.begin(), text.end(), ::isdigit))
      errors.push_back(where + ": '" + text + "' is not an integer");
    return;
  }
  if (type == "boolean" && text != "true" && text != "false")
    errors.push_back(where + ": '" + text + "' is not a boolean");
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& e : schema["enum"])
      if (e.is_string() && e.get<std::string>() == text) found = true;
    if (!found) errors.push_back(where + ": '" + text + "' is not in the enum");
  }
}

// ---- the fake ----------------------------------------------------------------

struct Injected {
  std::string prefix;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int times = 0;
};

struct Answer {
  int status = 200;
  json body;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string now_iso() { return "2026-12-01T00:00:00Z"; }

}  // namespace

struct FakeGithub::Impl {
  std::string repository, owner, name, token;
  httplib::Server server;
  std::thread thread;
  int port = 0;

  mutable std::mutex mutex;
  std::map<long long, FakeIssue> issues;
  std::map<long long, std::vector<FakeComment>> comments;
  std::map<std::string, json> labels;  // name → label object
  std::map<std::string, std::string> refs;
  std::function<std::optional<std::string>(const std::string&)> resolve_ref;
  std::function<bool(const std::string&)> remove_ref;
  std::string default_branch = "main";
  std::string prefix;
  std::map<std::pair<std::string, std::string>, std::string> files;  // (ref, path) → content
  long long next_number = 1;
  long long next_comment = 1000;
  std::deque<Injected> injected;
  int max_per_page = 100;
  std::vector<GithubRequest> log;
  std::vector<std::string> violations;
  std::size_t not_modified = 0;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port); }
  std::string html(const std::string& kind, long long n) const {
    return "https://github.com/" + repository + "/" + kind + "/" + std::to_string(n);
  }

  std::optional<std::string> ref_sha(const std::string& branch) {
    if (resolve_ref) return resolve_ref(branch);
    auto it = refs.find(branch);
    if (it == refs.end()) return std::nullopt;
    return it->second;
  }

  json label_json(const std::string& label) {
    auto it = labels.find(label);
    if (it != labels.end()) return it->second;
    json l = {{"id", 100 + static_cast<long long>(labels.size())},
              {"node_id", "LA_" + label},
              {"url", base() + "/repos/" + repository + "/labels/" + label},
              {"name", label},
              {"description", ""},
              {"color", "ededed"},
              {"default", false}};
    labels[label] = l;
    return l;
  }

  json user_json(const std::string& login) {
    return {{"login", login}, {"id", 1}, {"type", "User"}};
  }

  json issue_json(const FakeIssue& i) {
    json j = {{"id", 5000 + i.number},
              {"node_id", "I_" + std::to_string(i.number)},
              {"number", i.number},
              {"title", i.title},
              {"body", i.body},
              {"state", i.state},
              {"state_reason", i.state_reason.empty() ? json(nullptr) : json(i.state_reason)},
              {"locked", false},
              {"comments", comments[i.number].size()},
              {"user", user_json("versiond-bot")},
              {"created_at", now_iso()},
              {"updated_at", now_iso()},
              {"closed_at", i.state == "closed" ? json(now_iso()) : json(nullptr)},
              {"url", base() + "/repos/" + repository + "/issues/" + std::to_string(i.number)},
              {"html_url", html(i.pull ? "pull" : "issues", i.number)}};
    json ls = json::array();
    for (const auto& l : i.labels) ls.push_back(label_json(l));
    j["labels"] = ls;
    if (i.pull) {
      j["pull_request"] = {
          {"url", base() + "/repos/" + repository + "/pulls/" + std::to_string(i.number)},
          {"html_url", html("pull", i.number)},
          {"merged_at", i.merged ? json(now_iso()) : json(nullptr)}};
    }
    return j;
  }

  json pull_json(const FakeIssue& p) {
    json j = issue_json(p);
    j.erase("pull_request");
    j.erase("state_reason");
    j["merged"] = p.merged;
    j["merged_at"] = p.merged ? json(now_iso()) : json(nullptr);
    j["draft"] = false;
    const std::string sha = p.head_sha.empty() ? ref_sha(p.head).value_or("") : p.head_sha;
    j["head"] = {
        {"ref", p.head}, {"sha", sha}, {"label", owner + ":" + p.head}, {"user", user_json(owner)}};
    j["base"] = {{"ref", p.base},
                 {"sha", ref_sha(p.base).value_or("")},
                 {"label", owner + ":" + p.base},
                 {"user", user_json(owner)}};
    return j;
  }

  static std::string param(const httplib::Request& req, const std::string& name,
                           const std::string& fallback = "") {
    return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : fallback;
  }

  // One page of `items` with a Link header to the next/last page.
  Answer paged(const httplib::Request& req, const json& items) {
    int per_page = std::stoi(param(req, "per_page", "30"));
    per_page = std::clamp(per_page, 1, std::min(100, max_per_page));
    int page = std::max(1, std::stoi(param(req, "page", "1")));
    const int total = static_cast<int>(items.size());
    const int last = std::max(1, (total + per_page - 1) / per_page);
    json out = json::array();
    for (int i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i)
      out.push_back(items[static_cast<std::size_t>(i)]);
    Answer a{200, out, {}};
    if (page < last) {
      auto link_to = [&](int p) {
        std::string query;
        for (const auto& [k, v] : req.params) {
          if (k == "page") continue;
          query += (query.empty() ? "" : "&") + k + "=" + httplib::detail::encode_query_param(v);
        }
        return "<" + base() + req.path + "?" + query + "&page=" + std::to_string(p) + ">";
      };
      a.headers.emplace_back(
          "Link", link_to(page + 1) + "; rel=\"next\", " + link_to(last) + "; rel=\"last\"");
    }
    return a;
  }

  static Answer error(int status, const std::string& message) {
    return {
        status, {{"message", message}, {"documentation_url", "https://docs.github.com/rest"}}, {}};
  }

  bool has_label(const FakeIssue& i, const std::string& wanted) {
    if (wanted.empty()) return true;
    std::stringstream ss(wanted);
    std::string one;
    while (std::getline(ss, one, ','))
      if (std::find(i.labels.begin(), i.labels.end(), one) == i.labels.end()) return false;
    return true;
  }

  Answer search(const std::string& q) {
    // Qualifiers: repo:, is:issue|pr|open|closed, label:, in:title; the rest are words of the
    // title.
    std::vector<std::string> words;
    std::string label, state, kind;
    std::string word;
    bool quoted = false;
    std::vector<std::string> tokens;
    for (char c : q + " ") {
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      if (c == ' ' && !quoted) {
        if (!word.empty()) tokens.push_back(word);
        word.clear();
      } else {
        word += c;
      }
    }
    for (const auto& t : tokens) {
      if (t.rfind("repo:", 0) == 0) {
        if (t.substr(5) != repository)
          return {200,
                  {{"total_count", 0}, {"incomplete_results", false}, {"items", json::array()}},
                  {}};
      } else if (t == "is:issue" || t == "is:pr") {
        kind = t.substr(3);
      } else if (t == "is:open" || t == "is:closed") {
        state = t.substr(3);
      } else if (t.rfind("label:", 0) == 0) {
        label = t.substr(6);
      } else if (t == "in:title") {
      } else {
        words.push_back(t);
      }
    }
    json items = json::array();
    for (const auto& [n, i] : issues) {
      if (!kind.empty() && (kind == "pr") != i.pull) continue;
      if (!state.empty() && i.state != state) continue;
      if (!has_label(i, label)) continue;
      bool all = true;
      for (const auto& w : words)
        if (i.title.find(w) == std::string::npos) all = false;
      if (all) items.push_back(issue_json(i));
    }
    return {
        200, {{"total_count", items.size()}, {"incomplete_results", false}, {"items", items}}, {}};
  }

  Answer route(const std::string& method, const std::string& templ,
               const std::map<std::string, std::string>& p, const httplib::Request& req,
               const json& body) {
    const std::string R = "/repos/{owner}/{repo}";
    if (templ.rfind(R, 0) == 0 && (p.at("owner") != owner || p.at("repo") != name))
      return error(404, "Not Found");
    auto number = [&](const char* key) { return std::stoll(p.at(key)); };
    if (templ == R && method == "GET") {
      return {200,
              {{"id", 1},
               {"name", name},
               {"full_name", repository},
               {"default_branch", default_branch},
               {"private", false}},
              {}};
    }
    if (templ == R + "/issues" && method == "GET") {
      const std::string state = param(req, "state", "open");
      json items = json::array();
      for (const auto& [n, i] : issues) {
        if (state != "all" && i.state != state) continue;
        if (!has_label(i, param(req, "labels"))) continue;
        items.push_back(issue_json(i));
      }
      if (param(req, "direction") == "desc") std::reverse(items.begin(), items.end());
      return paged(req, items);
    }
    if (templ == R + "/issues" && method == "POST") {
      FakeIssue i;
      i.number = next_number++;
      i.title = body["title"].is_string() ? body["title"].get<std::string>() : body["title"].dump();
      i.body = body.value("body", "");
      if (body.contains("labels"))
        for (const auto& l : body["labels"])
          if (l.is_string()) i.labels.push_back(l.get<std::string>());
      for (const auto& l : i.labels) label_json(l);
      issues[i.number] = i;
      return {201, issue_json(i), {}};
    }
    if (templ == R + "/issues/{issue_number}") {
      auto it = issues.find(number("issue_number"));
      if (it == issues.end()) return error(404, "Not Found");
      FakeIssue& i = it->second;
      if (method == "PATCH") {
        if (body.contains("title")) i.title = body["title"].get<std::string>();
        if (body.contains("body"))
          i.body = body["body"].is_null() ? "" : body["body"].get<std::string>();
        if (body.contains("state")) i.state = body["state"].get<std::string>();
        if (body.contains("state_reason") && body["state_reason"].is_string())
          i.state_reason = body["state_reason"].get<std::string>();
      }
      return {200, issue_json(i), {}};
    }
    if (templ == R + "/issues/{issue_number}/labels" && method == "POST") {
      auto it = issues.find(number("issue_number"));
      if (it == issues.end()) return error(404, "Not Found");
      json out = json::array();
      for (const auto& l : body["labels"]) {
        const std::string n = l.is_string() ? l.get<std::string>() : l.value("name", "");
        if (std::find(it->second.labels.begin(), it->second.labels.end(), n) ==
            it->second.labels.end())
          it->second.labels.push_back(n);
      }
      for (const auto& l : it->second.labels) out.push_back(label_json(l));
      return {200, out, {}};
    }
    if (templ == R + "/issues/{issue_number}/comments") {
      const long long n = number("issue_number");
      if (!issues.count(n)) return error(404, "Not Found");
      if (method == "POST") {
        FakeComment c{next_comment++, n, body["body"].get<std::string>(), "versiond-bot"};
        comments[n].push_back(c);
        return {201,
                {{"id", c.id},
                 {"node_id", "IC_" + std::to_string(c.id)},
                 {"body", c.body},
                 {"user", user_json(c.user)},
                 {"url", base()},
                 {"html_url", html("issues", n)},
                 {"issue_url", base()},
                 {"created_at", now_iso()},
                 {"updated_at", now_iso()},
                 {"author_association", "NONE"}},
                {}};
      }
      json items = json::array();
      for (const auto& c : comments[n])
        items.push_back({{"id", c.id}, {"body", c.body}, {"user", user_json(c.user)}});
      return paged(req, items);
    }
    if (templ == R + "/labels" && method == "POST") {
      const std::string n = body["name"].get<std::string>();
      if (labels.count(n)) return error(422, "Validation Failed");
      json l = label_json(n);
      l["color"] = body.value("color", "ededed");
      if (body.contains("description")) l["description"] = body["description"];
      labels[n] = l;
      return {201, l, {}};
    }
    if (templ == R + "/labels/{name}" && method == "GET") {
      auto it = labels.find(p.at("name"));
      if (it == labels.end()) return error(404, "Not Found");
      return {200, it->second, {}};
    }
    if (templ == R + "/pulls" && method == "GET") {
      const std::string state = param(req, "state", "open");
      const std::string head = param(req, "head");
      json items = json::array();
      for (const auto& [n, i] : issues) {
        if (!i.pull || (state != "all" && i.state != state)) continue;
        if (!head.empty() && owner + ":" + i.head != head) continue;
        items.push_back(pull_json(i));
      }
      return paged(req, items);
    }
    if (templ == R + "/pulls" && method == "POST") {
      const std::string head = body["head"].get<std::string>();
      if (!ref_sha(head)) return error(422, "Validation Failed: head does not exist");
      for (const auto& [n, i] : issues)
        if (i.pull && i.state == "open" && i.head == head)
          return error(
              422, "Validation Failed: A pull request already exists for " + owner + ":" + head);
      FakeIssue i;
      i.number = next_number++;
      i.pull = true;
      i.title = body["title"].get<std::string>();
      i.body = body.value("body", "");
      i.head = head;
      i.base = body["base"].get<std::string>();
      issues[i.number] = i;
      return {201, pull_json(i), {}};
    }
    if (templ == R + "/pulls/{pull_number}") {
      auto it = issues.find(number("pull_number"));
      if (it == issues.end() || !it->second.pull) return error(404, "Not Found");
      FakeIssue& i = it->second;
      if (method == "PATCH") {
        if (body.contains("title")) i.title = body["title"].get<std::string>();
        if (body.contains("body")) i.body = body["body"].get<std::string>();
        if (body.contains("state")) i.state = body["state"].get<std::string>();
      }
      return {200, pull_json(i), {}};
    }
    if (templ == R + "/git/ref/{ref}" && method == "GET") {
      const std::string ref = p.at("ref");
      if (ref.rfind("heads/", 0) != 0) return error(404, "Not Found");
      auto sha = ref_sha(ref.substr(6));
      if (!sha) return error(404, "Not Found");
      return {200,
              {{"ref", "refs/" + ref},
               {"node_id", "REF"},
               {"url", base()},
               {"object", {{"type", "commit"}, {"sha", *sha}, {"url", base()}}}},
              {}};
    }
    if (templ == R + "/git/refs/{ref}" && method == "DELETE") {
      const std::string ref = p.at("ref");
      const std::string branch = ref.rfind("heads/", 0) == 0 ? ref.substr(6) : ref;
      bool existed = false;
      if (remove_ref) {
        existed = remove_ref(branch);
      } else {
        existed = refs.erase(branch) > 0;
      }
      if (!existed) return error(422, "Reference does not exist");
      return {204, nullptr, {}};
    }
    if (templ == R + "/contents/{path}" && method == "GET") {
      const std::string ref = param(req, "ref", default_branch);
      auto it = files.find({ref, p.at("path")});
      if (it == files.end()) return error(404, "Not Found");
      static const char* alphabet =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      std::string b64;
      const std::string& in = it->second;
      for (std::size_t i = 0; i < in.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
        b64 += alphabet[(v >> 18) & 63];
        b64 += alphabet[(v >> 12) & 63];
        b64 += i + 1 < in.size() ? alphabet[(v >> 6) & 63] : '=';
        b64 += i + 2 < in.size() ? alphabet[v & 63] : '=';
        if ((i / 3 + 1) % 19 == 0) b64 += '\n';  // GitHub wraps at 76 characters
      }
      return {200,
              {{"type", "file"},
               {"encoding", "base64"},
               {"size", in.size()},
               {"name", p.at("path").substr(p.at("path").rfind('/') + 1)},
               {"path", p.at("path")},
               {"content", b64},
               {"sha", "0000000000000000000000000000000000000000"},
               {"url", base()},
               {"git_url", nullptr},
               {"html_url", nullptr},
               {"download_url", nullptr},
               {"_links", {{"self", base()}}}},
              {}};
    }
    if (templ == "/search/issues" && method == "GET") {
      Answer a = search(param(req, "q"));
      json items = a.body["items"];
      Answer page = paged(req, items);
      a.body["items"] = page.body;
      a.headers = page.headers;
      return a;
    }
    return error(501, "fake_github: " + method + " " + templ + " is documented but not faked");
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    GithubRequest record{req.method, req.path, {}, req.body, 0};
    if (auto q = req.target.find('?'); q != std::string::npos)
      record.query = req.target.substr(q + 1);
    auto send = [&](int status, const json& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
      record.status = status;
      for (const auto& [k, v] : headers) res.set_header(k, v);
      res.status = status;
      if (!body.is_null()) res.set_content(body.dump(), "application/json; charset=utf-8");
      log.push_back(record);
    };
    const std::string line = req.method + " " + req.path;
    auto violation = [&](const std::string& what) { violations.push_back(line + ": " + what); };
    if (req.path.rfind(prefix, 0) != 0) {
      violation("outside the API prefix " + prefix);
      send(404, {{"message", "fake_github: unknown route"}}, {});
      return;
    }
    const std::string path = req.path.substr(prefix.size());

    const OpenApi& api = OpenApi::get();
    const Route* match = nullptr;
    std::smatch groups;
    for (const auto& r : api.routes()) {
      std::smatch m;
      if (std::regex_match(path, m, r.pattern) &&
          (!match || r.literal_segments > match->literal_segments)) {
        match = &r;
        groups = m;
      }
    }
    if (!match) {
      violation("no such route in the OpenAPI description");
      send(404, {{"message", "fake_github: unknown route"}}, {});
      return;
    }
    std::map<std::string, std::string> params;
    for (std::size_t i = 0; i < match->param_names.size(); ++i)
      params[match->param_names[i]] = groups[i + 1].str();
    const json& item = api.doc()["paths"][match->templ];
    std::string method = req.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    if (!item.contains(method)) {
      violation("method not documented for " + match->templ);
      send(405, {{"message", "fake_github: method not allowed"}}, {});
      return;
    }
    const json& op = item[method];
    std::vector<std::string> errors;
    std::set<std::string> known_query;
    for (const auto& pn : op.value("parameters", json::array())) {
      const json& param_spec = api.resolve(pn);
      const std::string pname = param_spec.value("name", "");
      const std::string in = param_spec.value("in", "");
      const bool required = param_spec.value("required", false);
      if (in == "path") {
        validate_text(api, param_spec["schema"], params[pname], "path " + pname, errors);
      } else if (in == "query") {
        known_query.insert(pname);
        if (req.has_param(pname.c_str())) {
          validate_text(api, param_spec["schema"], req.get_param_value(pname.c_str()),
                        "query " + pname, errors);
        } else if (required) {
          errors.push_back("required query parameter '" + pname + "' missing");
        }
      }
    }
    for (const auto& [k, v] : req.params)
      if (!known_query.count(k)) errors.push_back("query parameter '" + k + "' is not documented");
    json body;
    if (op.contains("requestBody")) {
      const json& rb = api.resolve(op["requestBody"]);
      if (req.body.empty()) {
        if (rb.value("required", false)) errors.push_back("request body required");
      } else {
        body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) {
          errors.push_back("request body is not JSON");
          body = json();
        } else if (rb.contains("content") && rb["content"].contains("application/json")) {
          validate(api, rb["content"]["application/json"]["schema"], body, "body", errors);
        }
      }
    } else if (!req.body.empty()) {
      errors.push_back("a body was sent to an operation that takes none");
    }
    for (const auto& e : errors) violation(e);
    if (!errors.empty()) {
      send(422, {{"message", "fake_github: invalid request"}, {"errors", errors}}, {});
      return;
    }
    if (!token.empty() && req.get_header_value("Authorization") != "Bearer " + token) {
      send(401, {{"message", "Bad credentials"}}, {});
      return;
    }
    for (auto it = injected.begin(); it != injected.end(); ++it) {
      if ((req.method + " " + path).rfind(it->prefix, 0) != 0) continue;
      json b = json::parse(it->body, nullptr, false);
      send(it->status, b.is_discarded() ? json{{"message", it->body}} : b, it->headers);
      if (--it->times <= 0) injected.erase(it);
      return;  // injected answers are the test's choice: not checked against the description
    }
    Answer a = route(req.method, match->templ, params, req, body.is_null() ? json::object() : body);
    const std::string status = std::to_string(a.status);
    if (!op["responses"].contains(status) && !op["responses"].contains("default"))
      violation("answered " + status + ", which the description does not document");
    if (const json* schema = response_schema(api, op, status); schema && !a.body.is_null()) {
      complete(api, *schema, a.body);
      std::vector<std::string> wrong;
      validate(api, *schema, a.body, "response", wrong);
      for (const auto& e : wrong) violation("answer " + status + ": " + e);
    }
    if (req.method == "GET" && a.status == 200) {
      const std::string text = a.body.dump();
      const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(text)) + "\"";
      a.headers.emplace_back("ETag", etag);
      if (req.get_header_value("If-None-Match") == etag) {
        ++not_modified;
        // 304 is GitHub's answer to every conditional GET (documented per
        // operation only for some).
        send(304, nullptr, a.headers);
        return;
      }
    }
    a.headers.emplace_back("X-RateLimit-Limit", "5000");
    a.headers.emplace_back("X-RateLimit-Remaining", "4999");
    send(a.status, a.body, a.headers);
  }
};

FakeGithub::FakeGithub(std::string repository, std::string token)
    : impl_(std::make_unique<Impl>()) {
  OpenApi::get();  // parse once, before the server thread starts
  impl_->owner = repository.substr(0, repository.find('/'));
  impl_->name = repository.substr(repository.find('/') + 1);
  impl_->repository = std::move(repository);
  impl_->token = std::move(token);
  // cpp-httplib takes ownership of the raw pointer its factory returns.
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory)
  impl_->server.new_task_queue = [] { return new httplib::ThreadPool(8); };
  impl_->server.set_tcp_nodelay(true);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    impl_->handle(req, res);
  };
  impl_->server.Get(".*", handler);
  impl_->server.Post(".*", handler);
  impl_->server.Patch(".*", handler);
  impl_->server.Put(".*", handler);
  impl_->server.Delete(".*", handler);
  impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
  if (impl_->port <= 0) throw std::runtime_error("fake github: cannot bind 127.0.0.1");
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeGithub::~FakeGithub() {
  impl_->server.stop();
  impl_->thread.join();
  for (const auto& v : impl_->violations) FAIL_CHECK("fake GitHub: " << v);
}

std::string FakeGithub::base() const { return impl_->base(); }
int FakeGithub::port() const noexcept { return impl_->port; }

void FakeGithub::set_ref(const std::string& branch, const std::string& sha) {
  std::lock_guard lock(impl_->mutex);
  impl_->refs[branch] = sha;
}

void FakeGithub::use_refs(std::function<std::optional<std::string>(const std::string&)> resolve,
                          std::function<bool(const std::string&)> remove) {
  std::lock_guard lock(impl_->mutex);
  impl_->resolve_ref = std::move(resolve);
  impl_->remove_ref = std::move(remove);
}

void FakeGithub::use_bare_repository(const std::filesystem::path& bare) {
  const std::string git = program_on_path("git");
  use_refs(
      [git, bare](const std::string& branch) -> std::optional<std::string> {
        auto r = run_process({git, "--git-dir", bare.string(), "rev-parse", "--verify", "-q",
                              "refs/heads/" + branch});
        if (r.exit_code != 0) return std::nullopt;
        return r.out.substr(0, 40);
      },
      [git, bare](const std::string& branch) {
        return run_process(
                   {git, "--git-dir", bare.string(), "update-ref", "-d", "refs/heads/" + branch})
                   .exit_code == 0;
      });
}

void FakeGithub::set_path_prefix(const std::string& prefix) {
  std::lock_guard lock(impl_->mutex);
  impl_->prefix = prefix;
}

void FakeGithub::set_file(const std::string& ref, const std::string& path,
                          const std::string& content) {
  std::lock_guard lock(impl_->mutex);
  impl_->files[{ref, path}] = content;
}

void FakeGithub::set_default_branch(const std::string& branch) {
  std::lock_guard lock(impl_->mutex);
  impl_->default_branch = branch;
}

long long FakeGithub::add_issue(FakeIssue issue) {
  std::lock_guard lock(impl_->mutex);
  issue.number = impl_->next_number++;
  impl_->issues[issue.number] = issue;
  return issue.number;
}

void FakeGithub::add_comment(long long issue, const std::string& body, const std::string& user) {
  std::lock_guard lock(impl_->mutex);
  impl_->comments[issue].push_back({impl_->next_comment++, issue, body, user});
}

void FakeGithub::merge_pull(long long number) {
  std::lock_guard lock(impl_->mutex);
  auto& p = impl_->issues.at(number);
  p.merged = true;
  p.state = "closed";
}

std::vector<FakeIssue> FakeGithub::issues() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<FakeIssue> out;
  for (const auto& [n, i] : impl_->issues)
    if (!i.pull) out.push_back(i);
  return out;
}

std::vector<FakeIssue> FakeGithub::pulls() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<FakeIssue> out;
  for (const auto& [n, i] : impl_->issues)
    if (i.pull) out.push_back(i);
  return out;
}

std::optional<FakeIssue> FakeGithub::issue(long long number) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->issues.find(number);
  if (it == impl_->issues.end()) return std::nullopt;
  return it->second;
}

std::vector<FakeComment> FakeGithub::comments(long long issue) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->comments.find(issue);
  return it == impl_->comments.end() ? std::vector<FakeComment>{} : it->second;
}

std::vector<std::string> FakeGithub::labels() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::string> out;
  for (const auto& [n, l] : impl_->labels) out.push_back(n);
  return out;
}

void FakeGithub::inject(const std::string& prefix, int status,
                        std::vector<std::pair<std::string, std::string>> headers, std::string body,
                        int times) {
  std::lock_guard lock(impl_->mutex);
  impl_->injected.push_back({prefix, status, std::move(headers), std::move(body), times});
}

void FakeGithub::set_max_per_page(int n) {
  std::lock_guard lock(impl_->mutex);
  impl_->max_per_page = n;
}

std::vector<GithubRequest> FakeGithub::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->log;
}

std::size_t FakeGithub::write_count() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<std::size_t>(
      std::count_if(impl_->log.begin(), impl_->log.end(), [](const auto& r) { return r.write(); }));
}

std::vector<std::string> FakeGithub::write_lines() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::string> out;
  for (const auto& r : impl_->log)
    if (r.write()) out.push_back(r.method + " " + r.path);
  return out;
}

std::vector<std::string> FakeGithub::violations() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->violations;
}

std::vector<std::string> FakeGithub::take_violations() {
  std::lock_guard lock(impl_->mutex);
  return std::exchange(impl_->violations, {});
}

void FakeGithub::clear_requests() {
  std::lock_guard lock(impl_->mutex);
  impl_->log.clear();
}

std::size_t FakeGithub::not_modified_sent() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->not_modified;
}

}  // namespace versiond::test
