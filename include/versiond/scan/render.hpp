// Reports of a scan and of the history, in the CLI's formats.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "versiond/scan/scan.hpp"
#include "versiond/store/history.hpp"

namespace versiond::scan {

// An aligned table for people, then failures and inventory errors.
std::string render_scan_text(const ScanReport& report);
// Tables for the weekly Upgrade Plan issue: updates, failures, counts.
std::string render_scan_markdown(const ScanReport& report);
nlohmann::json scan_to_json(const ScanReport& report);

// Advisories affecting one component, as JSON: [{id, aliases, severity,
// summary, url, source, affected, fixed}].
nlohmann::json advisories_to_json(const advisory::Assessment& assessment);
// One line for people: "affected: GHSA-… (critical), …; safe target X", "no
// advisory source", "advisory data incomplete: why", "advisory check failed: why".
std::string advisory_line(const advisory::Assessment& assessment);
// The attribution every output that prints advisory text carries (CC-BY 4.0).
std::string_view advisory_attribution();

std::string render_history_text(const std::vector<store::ComponentHistory>& history,
                                std::chrono::system_clock::time_point now);
nlohmann::json history_to_json(const std::vector<store::ComponentHistory>& history);

}  // namespace versiond::scan
