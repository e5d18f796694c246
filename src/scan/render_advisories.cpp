// Advisory parts of the scan reports.
#include "versiond/scan/render.hpp"

namespace versiond::scan {

nlohmann::json advisories_to_json(const advisory::Assessment& assessment) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : assessment.findings) {
    out.push_back({{"id", f.id},
                   {"aliases", f.aliases},
                   {"severity", std::string(advisory::to_string(f.severity))},
                   {"summary", f.summary},
                   {"url", f.url},
                   {"source", std::string(advisory::to_string(f.source))},
                   {"affected", f.affected},
                   {"fixed", f.fixed}});
  }
  return out;
}

std::string advisory_line(const advisory::Assessment& a) {
  std::string out(advisory::describe(a.status));
  if (a.status == advisory::Status::affected) {
    out += ":";
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
      out += (i ? ", " : " ") + a.findings[i].id + " (" +
             std::string(advisory::to_string(a.findings[i].severity)) + ")";
    }
    out += a.safe_target ? "; safe target " + *a.safe_target : "; " + a.note;
  } else if (!a.note.empty() && a.status != advisory::Status::not_affected) {
    out += ": " + a.note;
  }
  return out;
}

std::string_view advisory_attribution() {
  return "Advisory data: OSV (https://osv.dev), including the GitHub Advisory Database "
         "(https://github.com/github/advisory-database) and the Go Vulnerability Database "
         "(https://go.dev/security/vuln), CC-BY 4.0; GitHub repository advisories.";
}

}  // namespace versiond::scan
