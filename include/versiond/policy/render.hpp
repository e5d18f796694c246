// Updates and decision traces in the CLI's formats.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "versiond/policy/engine.hpp"

namespace versiond::policy {

// {target, update, tier, action, group, labels, rules, reasons, ready_on?, blocked_by?}
nlohmann::json update_to_json(const Update& u);
nlohmann::json updates_to_json(const std::vector<Update>& updates);

// "8.3.1 minor: low auto-pr" (+ " until 2026-12-14" / " blocked by NAME"), one per
// update joined by "; ": what history compares between scans.
std::string decision_summary(const std::vector<Update>& updates);

// `versiond policy explain`: candidates, rules, couplings, result.
std::string render_explain_text(const Subject& subject, const Outcome& outcome,
                                const std::string& policy_source);
nlohmann::json explain_to_json(const Subject& subject, const Outcome& outcome,
                               const std::string& policy_source);

}  // namespace versiond::policy
