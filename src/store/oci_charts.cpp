#include "versiond/store/oci_charts.hpp"

namespace versiond::store {

void write_oci_chart_configs(Database& db, const std::vector<OciChartConfigRow>& rows,
                             const std::string& at) {
  Statement s(db,
              "INSERT INTO oci_chart_configs (registry, repository, tag, manifest_digest, "
              "config_digest, version, app_version, fetched_at) VALUES (?,?,?,?,?,?,?,?) "
              "ON CONFLICT (registry, repository, tag) DO UPDATE SET manifest_digest = "
              "excluded.manifest_digest, config_digest = excluded.config_digest, version = "
              "excluded.version, app_version = excluded.app_version, fetched_at = "
              "excluded.fetched_at");
  for (const auto& r : rows) {
    s.reset();
    s.bind(1, r.registry)
        .bind(2, r.repository)
        .bind(3, r.tag)
        .bind(4, r.manifest_digest)
        .bind(5, r.config_digest)
        .bind(6, r.version)
        .bind(7, r.app_version)
        .bind(8, at)
        .run();
  }
}

std::optional<OciChartConfigRow> oci_chart_config(Database& db, const std::string& registry,
                                                  const std::string& repository,
                                                  const std::string& tag) {
  Statement s(db,
              "SELECT manifest_digest, config_digest, version, app_version, fetched_at FROM "
              "oci_chart_configs WHERE registry = ? AND repository = ? AND tag = ?");
  s.bind(1, registry).bind(2, repository).bind(3, tag);
  if (!s.step()) return std::nullopt;
  return OciChartConfigRow{registry,  repository, tag,       s.text(0),
                           s.text(1), s.text(2),  s.text(3), s.text(4)};
}

}  // namespace versiond::store
