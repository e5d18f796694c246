// Terraform: *.tf (required_version, required_providers, modules) and
// .terraform.lock.hcl (locked provider versions and hashes).
#include <algorithm>
#include <cctype>

#include "extract/hcl.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

constexpr std::string_view k_default_registry = "registry.terraform.io";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "registry.terraform.io/hashicorp/azurerm" -> host + "hashicorp/azurerm";
// "azurerm" alone is the legacy shorthand for hashicorp/azurerm.
struct Address {
  std::string host;
  std::string package;
};

Address provider_address(const std::string& source) {
  const auto parts = std::count(source.begin(), source.end(), '/');
  if (parts == 0) {
    return {std::string(k_default_registry), "hashicorp/" + source};
  }
  if (parts == 1) {
    return {std::string(k_default_registry), source};
  }
  const std::size_t slash = source.find('/');
  return {source.substr(0, slash), source.substr(slash + 1)};
}

std::string registry_url(const std::string& host) { return "https://" + host; }

Component base(PinKind kind, const std::string& file, int line) {
  Component c;
  c.kind = kind;
  c.scheme = "hashicorp";
  c.origin = {file, line};
  return c;
}

void required_providers(const hcl::Block& block, const std::string& file,
                        std::vector<Component>& out) {
  for (const hcl::Entry& e : block.body.attributes) {
    Component c = base(PinKind::terraform_provider, file, e.value.line);
    c.datasource = Datasource::terraform_provider;
    std::string source = e.key;
    if (e.value.kind == hcl::Value::Kind::object) {
      if (const hcl::Value* s = e.value.get("source"); s != nullptr) {
        if (s->kind != hcl::Value::Kind::string) {
          throw input_error(file, s->line, "provider '" + e.key + "': source must be a string");
        }
        source = s->str;
      }
      if (const hcl::Value* v = e.value.get("version"); v != nullptr) {
        if (v->kind != hcl::Value::Kind::string) {
          throw input_error(file, v->line, "provider '" + e.key + "': version must be a string");
        }
        c.current = v->str;
        c.origin.line = v->line;
      }
    } else if (e.value.kind == hcl::Value::Kind::string) {
      c.current = e.value.str;  // legacy `name = "~> 1.0"`
    } else {
      throw input_error(file, e.value.line,
                        "provider '" + e.key + "': expected { source, version } or a string");
    }
    const Address a = provider_address(source);
    c.name = e.key;
    c.package = a.package;
    c.registry_url = registry_url(a.host);
    if (c.current.empty()) {
      c.skip_because(SkipReason::no_version, "no version constraint");
    }
    out.push_back(std::move(c));
  }
}

void terraform_block(const hcl::Block& block, const std::string& file,
                     std::vector<Component>& out) {
  if (const hcl::Value* v = block.body.attribute("required_version"); v != nullptr) {
    if (v->kind != hcl::Value::Kind::string) {
      throw input_error(file, v->line, "required_version must be a string");
    }
    Component c = base(PinKind::terraform_core, file, v->line);
    c.name = "terraform";
    c.package = "hashicorp/terraform";
    c.datasource = Datasource::github_releases;
    c.registry_url = "https://github.com/hashicorp/terraform";
    c.current = v->str;
    out.push_back(std::move(c));
  }
  for (const hcl::Block& inner : block.body.blocks) {
    if (inner.type == "required_providers") {
      required_providers(inner, file, out);
    }
  }
}

// Registry module sources are "ns/name/provider" or "host/ns/name/provider";
// local paths, git, http, s3... sources carry no registry version.
bool registry_module(const std::string& source) {
  if (starts_with(source, "./") || starts_with(source, "../") ||
      source.find("::") != std::string::npos || source.find("://") != std::string::npos ||
      starts_with(source, "github.com/") || starts_with(source, "bitbucket.org/")) {
    return false;
  }
  const auto parts = std::count(source.begin(), source.end(), '/');
  return parts == 2 || parts == 3;
}

void module_block(const hcl::Block& block, const std::string& file, std::vector<Component>& out) {
  const hcl::Value* source = block.body.attribute("source");
  if (source == nullptr || source->kind != hcl::Value::Kind::string ||
      !registry_module(source->str)) {
    return;
  }
  const hcl::Value* version = block.body.attribute("version");
  Component c =
      base(PinKind::terraform_module, file, version != nullptr ? version->line : block.line);
  c.name = block.labels.empty() ? source->str : block.labels.front();
  c.datasource = Datasource::terraform_module;
  const bool has_host = std::count(source->str.begin(), source->str.end(), '/') == 3;
  const std::size_t slash = source->str.find('/');
  c.package = has_host ? source->str.substr(slash + 1) : source->str;
  c.registry_url =
      registry_url(has_host ? source->str.substr(0, slash) : std::string(k_default_registry));
  if (version != nullptr && version->kind == hcl::Value::Kind::string) {
    c.current = version->str;
  } else {
    c.skip_because(SkipReason::no_version, "no version constraint");
  }
  out.push_back(std::move(c));
}

// The AKS control-plane version pinned on the cluster resource; its support
// window is published on endoflife.date as "azure-kubernetes-service".
// A module usually takes it as `variable "kubernetes_version" { default = "1.31" }`.
void aks_version(const hcl::Value* v, const std::string& file, std::vector<Component>& out) {
  if (v == nullptr || v->kind != hcl::Value::Kind::string) {
    return;  // unset (AKS default) or a variable: nothing pinned in this file
  }
  Component c = base(PinKind::terraform_aks, file, v->line);
  c.name = "kubernetes";
  c.package = "azure-kubernetes-service";
  c.datasource = Datasource::endoflife;
  c.registry_url = "https://endoflife.date";
  c.scheme = "loose";
  c.current = v->str;
  out.push_back(std::move(c));
}

}  // namespace

std::vector<Component> extract_terraform(std::string_view text, const std::string& file) {
  const hcl::Body body = hcl::parse(text, file);
  std::vector<Component> out;
  for (const hcl::Block& block : body.blocks) {
    if (block.type == "terraform") {
      terraform_block(block, file, out);
    } else if (block.type == "module") {
      module_block(block, file, out);
    } else if (block.type == "resource" && !block.labels.empty() &&
               block.labels.front() == "azurerm_kubernetes_cluster") {
      aks_version(block.body.attribute("kubernetes_version"), file, out);
    } else if (block.type == "variable" && !block.labels.empty() &&
               block.labels.front() == "kubernetes_version") {
      aks_version(block.body.attribute("default"), file, out);
    }
  }
  return out;
}

std::vector<Component> extract_terraform_lock(std::string_view text, const std::string& file) {
  const hcl::Body body = hcl::parse(text, file);
  std::vector<Component> out;
  for (const hcl::Block& block : body.blocks) {
    if (block.type != "provider") {
      continue;
    }
    if (block.labels.size() != 1) {
      throw input_error(file, block.line, "provider block needs exactly one address label");
    }
    const std::string& address = block.labels.front();
    const hcl::Value* version = block.body.attribute("version");
    if (version == nullptr || version->kind != hcl::Value::Kind::string) {
      throw input_error(file, block.line, "provider \"" + address + "\": missing version");
    }
    Component c = base(PinKind::terraform_lock, file, version->line);
    c.datasource = Datasource::terraform_provider;
    const Address a = provider_address(lower(address));
    c.name = a.package;
    c.package = a.package;
    c.registry_url = registry_url(a.host);
    c.current = version->str;
    if (const hcl::Value* cons = block.body.attribute("constraints"); cons != nullptr) {
      c.constraint = cons->str;
    }
    if (const hcl::Value* hashes = block.body.attribute("hashes"); hashes != nullptr) {
      if (hashes->kind != hcl::Value::Kind::list) {
        throw input_error(file, hashes->line,
                          "provider \"" + address + "\": hashes must be a list");
      }
      for (const hcl::Value& h : hashes->items) {
        if (h.kind != hcl::Value::Kind::string) {
          throw input_error(file, h.line, "provider \"" + address + "\": hash must be a string");
        }
        c.hashes.push_back(h.str);
      }
    }
    if (starts_with(a.package, "builtin/")) {
      c.datasource = Datasource::none;
      c.skip_because(SkipReason::builtin);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace versiond::extract
