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
  bool strict = false;
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

// {"components": [...], "errors": [...]}, written one component at a time:
// a 10,000-file repository's inventory is never held as one JSON tree.
void print_json(const extract::Inventory& inv) {
  std::string out = "{\n  \"components\": [";
  for (std::size_t i = 0; i < inv.components.size(); ++i) {
    out += i == 0 ? "\n    " : ",\n    ";
    const std::string one = to_json(inv.components[i]).dump(2);
    for (char ch : one) {
      out += ch;
      if (ch == '\n') out += "    ";
    }
    if (out.size() > (1u << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  out += inv.components.empty() ? "],\n" : "\n  ],\n";
  out += "  \"errors\": " + nlohmann::json(inv.errors).dump() + "\n}\n";
  std::cout << out;
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
  cmd->add_flag("--strict", opts->strict,
                "Exit 2 when any file could not be read or parsed (default: report it, exit 0)");
  cmd->callback([opts, &exit_code] {
    const RepoRoot root(opts->repo);
    const extract::Inventory inv = extract::build_inventory(root);
    if (opts->format == "json") {
      print_json(inv);
    } else {
      print_text(inv.components);
    }
    // Per-file diagnostics: the other files were inventoried all the same.
    for (const std::string& e : inv.errors) {
      std::cerr << "versiond: " << (opts->strict ? "error: " : "warning: ") << e << "\n";
    }
    exit_code = opts->strict && !inv.errors.empty() ? exit_code::usage : exit_code::ok;
  });
}

}  // namespace versiond::cli
