// endoflife.date: /api/<product>.json → one Release per release cycle.
#include <cctype>

#include "sources/context.hpp"

namespace versiond::sources::detail {
namespace {

// A field that endoflife.date sends as a string, a number or a boolean.
std::string text_of(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

bool valid_product(const std::string& p) {
  if (p.empty()) return false;
  for (char c : p) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) {
      return false;
    }
  }
  return p.find("..") == std::string::npos;
}

}  // namespace

LookupResult endoflife_cycles(Context& ctx, const LookupKey& key) {
  if (!valid_product(key.package))
    return LookupResult::failed(FailureKind::unsupported,
                                "not an endoflife.date product name: " + key.package);
  std::string base =
      trim_slash(key.registry_url.empty() ? ctx.endpoints.endoflife : key.registry_url);
  auto r = ctx.http.fetch(
      {base + "/api/" + key.package + ".json", {{"Accept", "application/json"}}, true});
  if (!r.ok()) return failure(r);
  LookupResult result;
  auto doc = parse_json(r, result);
  if (!doc) return result;
  if (!doc->is_array()) return bad_response(r.url, "expected a JSON array of cycles");
  for (const auto& c : *doc) {
    if (!c.is_object()) continue;
    Release rel;
    rel.version = text_of(c, "cycle");
    if (rel.version.empty()) continue;
    rel.published = text_of(c, "releaseDate");
    rel.latest = text_of(c, "latest");
    auto eol = c.find("eol");
    if (eol != c.end() && eol->is_string())
      rel.eol = eol->get<std::string>();
    else if (eol != c.end() && eol->is_boolean() && eol->get<bool>())
      rel.eol = "ended";
    auto link = c.find("link");
    if (link != c.end() && link->is_string()) rel.notes_url = link->get<std::string>();
    result.releases.push_back(std::move(rel));
  }
  return result;
}

}  // namespace versiond::sources::detail
