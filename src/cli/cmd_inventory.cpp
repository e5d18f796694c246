// versiond inventory: list every component the repository pins.
#include <iostream>

#include "cli/commands.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/extract/component_json.hpp"
#include "versiond/extract/inventory.hpp"
#include "versiond/extract/text_table.hpp"

namespace versiond::cli {

namespace {

struct InventoryOptions {
  std::string repo = ".";
  std::string format = "text";
};

void print_text(const std::vector<Component>& components) {
  std::vector<std::vector<std::string>> rows = {
      {"FILE:LINE", "KIND", "NAME", "CURRENT", "DATASOURCE", "PACKAGE", "NOTE"}};
  for (const Component& c : components) {
    rows.push_back({c.origin.file + ":" + std::to_string(c.origin.line),
                    std::string(to_string(c.kind)), c.name, c.current.empty() ? "-" : c.current,
                    c.datasource == Datasource::none ? "-" : std::string(to_string(c.datasource)),
                    c.package.empty() ? "-" : c.package, c.skip_text()});
  }
  std::cout << render_text_table(rows);
}

}  // namespace

void add_inventory_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<InventoryOptions>();
  CLI::App* cmd =
      app.add_subcommand("inventory",
                         "List the components a repository pins (VERSIONS.md, Terraform, ArgoCD, "
                         "Kubernetes manifests, Helm values)");
  cmd->add_option("--repo", opts->repo, "Repository directory")->capture_default_str();
  add_format_option(*cmd, opts->format, {"text", "json"});
  cmd->callback([opts, &exit_code] {
    const RepoRoot root(opts->repo);
    const extract::Inventory inv = extract::build_inventory(root);
    if (opts->format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const Component& c : inv.components) {
        out.push_back(to_json(c));
      }
      std::cout << out.dump(2) << "\n";
    } else {
      print_text(inv.components);
    }
    for (const std::string& e : inv.errors) {
      std::cerr << "versiond: error: " << e << "\n";
    }
    exit_code = inv.errors.empty() ? exit_code::ok : exit_code::usage;
  });
}

}  // namespace versiond::cli
