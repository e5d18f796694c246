#include "versiond/extract/component_json.hpp"

namespace versiond {

nlohmann::json to_json(const Component& c) {
  nlohmann::json j = {
      {"name", c.name},
      {"current", c.current},
      {"kind", to_string(c.kind)},
      {"datasource", to_string(c.datasource)},
      {"package", c.package},
      {"registry_url", c.registry_url},
      {"scheme", std::string(versioning::to_string(c.scheme))},
      {"origin", {{"file", c.origin.file}, {"line", c.origin.line}}},
  };
  if (c.kind == PinKind::versions_table) {
    j["locations"] = c.locations;
  }
  if (c.skipped()) {
    j["skip"] = to_string(c.skip);
    j["skip_reason"] = c.skip_text();
  }
  if (!c.digest.empty()) {
    j["digest"] = c.digest;
  }
  if (!c.constraint.empty()) {
    j["constraint"] = c.constraint;
  }
  if (!c.hashes.empty()) {
    j["hashes"] = c.hashes;
  }
  return j;
}

}  // namespace versiond
