// Terraform: *.tf (required_version, required_providers, modules) and
// .terraform.lock.hcl (locked provider versions and hashes).
#include <algorithm>
#include <cctype>

#include "extract/chart_component.hpp"
#include "extract/hcl.hpp"
#include "extract/image_component.hpp"
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
  c.scheme = versioning::SchemeId::hashicorp;
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

// Registry module sources are "ns/name/provider" or "host/ns/name/provider",
// optionally with a "//subdir"; local paths, git, http, s3... are not.
bool registry_module(const std::string& source) {
  if (starts_with(source, "./") || starts_with(source, "../") || starts_with(source, "/") ||
      source.find("::") != std::string::npos || source.find("://") != std::string::npos ||
      starts_with(source, "github.com/") || starts_with(source, "bitbucket.org/") ||
      starts_with(source, "git@")) {
    return false;
  }
  const std::string path = source.substr(0, source.find("//"));
  const auto parts = std::count(path.begin(), path.end(), '/');
  return parts == 2 || parts == 3;
}

bool version_like(const std::string& ref) {
  const std::size_t d = !ref.empty() && (ref[0] == 'v' || ref[0] == 'V') ? 1 : 0;
  return d < ref.size() && std::isdigit(static_cast<unsigned char>(ref[d]));
}

// Why a module source that is neither local nor a registry module cannot be
// looked up; "" for a git repository on GitHub (looked up by its tags).
// "….git" at the end of the repository part ("x.git", "x.git//sub", "x.git?ref=").
bool git_repository_url(const std::string& source) {
  for (std::size_t at = source.find(".git"); at != std::string::npos;
       at = source.find(".git", at + 1)) {
    const std::size_t after = at + 4;
    if (after == source.size() || source[after] == '/' || source[after] == '?') return true;
  }
  return false;
}

std::string non_registry_reason(const std::string& source) {
  static const std::pair<std::string_view, std::string_view> k_getters[] = {
      {"s3::", "module from an S3 bucket"},    {"gcs::", "module from a GCS bucket"},
      {"gs://", "module from a GCS bucket"},   {"hg::", "module from a Mercurial repository"},
      {"http://", "module archive over HTTP"}, {"https://", "module archive over HTTP"},
  };
  for (const auto& [prefix, reason] : k_getters) {
    if (starts_with(source, prefix) &&
        !(prefix.starts_with("http") && git_repository_url(source))) {
      return std::string(reason);
    }
  }
  if (starts_with(source, "bitbucket.org/") || starts_with(source, "git::") ||
      starts_with(source, "git@") || git_repository_url(source)) {
    return "git module on a host other than GitHub";
  }
  return "unsupported module source";
}

// A module from a git repository on GitHub, in any of Terraform's spellings:
//   github.com/org/repo//sub?ref=v1.2.3, git::https://github.com/org/repo.git//sub?ref=v1,
//   git::ssh://git@github.com/org/repo.git?ref=v1, git@github.com:org/repo.git?ref=v1.
// Returns false (component untouched) for any other source.
bool github_module(const std::string& source, Component& c) {
  std::string rest = source;
  const bool forced_git = starts_with(rest, "git::");
  if (forced_git) rest.erase(0, 5);
  for (std::string_view prefix : {"https://", "http://", "ssh://", "git@"}) {
    if (starts_with(rest, prefix)) rest.erase(0, prefix.size());
  }
  if (!starts_with(rest, "github.com/") && !starts_with(rest, "github.com:")) {
    return false;
  }
  rest.erase(0, 11);
  const auto query = rest.find('?');
  std::string ref;
  if (query != std::string::npos) {
    const std::string params = rest.substr(query + 1);
    for (std::size_t at = 0; at < params.size();) {
      const auto amp = std::min(params.find('&', at), params.size());
      if (params.compare(at, 4, "ref=") == 0) ref = params.substr(at + 4, amp - at - 4);
      at = amp + 1;
    }
    rest.resize(query);
  }
  const auto owner_end = rest.find('/');
  if (owner_end == std::string::npos) return false;
  std::string package = rest.substr(0, rest.find('/', owner_end + 1));
  package = package.substr(0, package.find("//"));
  if (package.ends_with(".git")) package.resize(package.size() - 4);
  c.datasource = Datasource::github_tags;
  c.package = package;
  c.registry_url = "https://github.com/" + package;
  c.scheme = versioning::SchemeId::docker;  // tags keep their form, as GitHub Actions refs
  c.current = ref;
  if (ref.empty()) {
    c.skip_because(SkipReason::no_version, "no ref (the default branch)");
  } else if (!version_like(ref)) {
    c.skip_because(SkipReason::not_a_version, "ref is not a version ('" + ref + "')");
  }
  return true;
}

void module_block(const hcl::Block& block, const std::string& file, std::vector<Component>& out) {
  const hcl::Value* source = block.body.attribute("source");
  if (source == nullptr || source->kind != hcl::Value::Kind::string) {
    return;
  }
  const std::string& src = source->str;
  if (starts_with(src, "./") || starts_with(src, "../") || starts_with(src, "/")) {
    return;  // a module of this repository
  }
  const hcl::Value* version = block.body.attribute("version");
  Component c =
      base(PinKind::terraform_module, file, version != nullptr ? version->line : block.line);
  c.name = block.labels.empty() ? src : block.labels.front();
  if (!registry_module(src)) {
    c.origin.line = source->line;
    if (!github_module(src, c)) {
      c.package = src;
      c.current.clear();
      c.skip_because(SkipReason::unsupported_source, non_registry_reason(src));
    }
    out.push_back(std::move(c));
    return;
  }
  const std::string path = src.substr(0, src.find("//"));  // without the //subdir
  c.datasource = Datasource::terraform_module;
  const bool has_host = std::count(path.begin(), path.end(), '/') == 3;
  const std::size_t slash = path.find('/');
  c.package = has_host ? path.substr(slash + 1) : path;
  c.registry_url = registry_url(has_host ? path.substr(0, slash) : std::string(k_default_registry));
  if (version != nullptr && version->kind == hcl::Value::Kind::string) {
    c.current = version->str;
  } else {
    c.skip_because(SkipReason::no_version, "no version constraint");
  }
  out.push_back(std::move(c));
}

// A string attribute's literal, or nullptr when it is absent or an expression.
const hcl::Value* literal(const hcl::Body& body, std::string_view name) {
  const hcl::Value* v = body.attribute(name);
  return v != nullptr && v->kind == hcl::Value::Kind::string ? v : nullptr;
}

// resource "helm_release": chart, repository (https:// or oci://) and version;
// an OCI chart may also be written whole in `chart` ("oci://host/path/chart").
void helm_release(const hcl::Block& block, const std::string& file, std::vector<Component>& out) {
  const hcl::Value* chart = literal(block.body, "chart");
  if (chart == nullptr) return;  // a chart from a variable or a local path expression
  const hcl::Value* repository = literal(block.body, "repository");
  const hcl::Value* version = block.body.attribute("version");
  std::string name = chart->str;
  std::string repo = repository != nullptr ? repository->str : "";
  if (starts_with(name, "oci://") && repo.empty()) {
    repo = name.substr(0, name.rfind('/'));
    name = name.substr(name.rfind('/') + 1);
  }
  const int line = version != nullptr ? version->line : chart->line;
  if (starts_with(name, "./") || starts_with(name, "../") || starts_with(name, "/")) {
    repo = "file://" + name;  // a chart folder of this repository
  }
  std::string current;
  if (version != nullptr && version->kind == hcl::Value::Kind::string) current = version->str;
  Component c = chart_component(name, repo, current, PinKind::terraform_helm, {file, line});
  if (version != nullptr && version->kind != hcl::Value::Kind::string && !c.skipped()) {
    c.skip_because(SkipReason::templated, "version from an expression");
  } else if (repository == nullptr && block.body.attribute("repository") != nullptr &&
             !c.skipped()) {
    c.skip_because(SkipReason::templated, "repository from an expression");
  }
  out.push_back(std::move(c));
}

void image_attribute(const hcl::Value* image, const std::string& file,
                     std::vector<Component>& out) {
  if (image == nullptr) return;  // a reference (docker_image.x.image_id) pins nothing here
  Component c = image_component(image->str, PinKind::terraform_image, file, image->line);
  if (image->str.find("${") != std::string::npos) {
    c.current.clear();
    c.skip_because(SkipReason::templated, "templated image");
  }
  out.push_back(std::move(c));
}

// The `image` of every container and init_container block at any depth of a
// kubernetes_* resource (deployment, stateful_set, cron_job, pod, their _v1s).
void kubernetes_images(const hcl::Body& body, const std::string& file,
                       std::vector<Component>& out) {
  for (const hcl::Block& inner : body.blocks) {
    if (inner.type == "container" || inner.type == "init_container") {
      const hcl::Value* image = inner.body.attribute("image");
      if (image != nullptr && image->kind != hcl::Value::Kind::string) {
        // "busybox:${var.tag}", var.image …: listed, not guessed.
        Component c = base(PinKind::terraform_image, file, image->line);
        c.name = inner.type + " image";
        c.scheme = versioning::SchemeId::docker;
        c.skip_because(SkipReason::templated, "image from an expression");
        out.push_back(std::move(c));
        continue;
      }
      image_attribute(literal(inner.body, "image"), file, out);
    }
    kubernetes_images(inner.body, file, out);
  }
}

void aks_version(const hcl::Value* v, const std::string& file, std::vector<Component>& out);

void resource_block(const hcl::Block& block, const std::string& file, std::vector<Component>& out) {
  const std::string& type = block.labels.front();
  if (type == "azurerm_kubernetes_cluster") {
    aks_version(block.body.attribute("kubernetes_version"), file, out);
  } else if (type == "helm_release") {
    helm_release(block, file, out);
  } else if (type == "docker_image" || type == "docker_registry_image") {
    image_attribute(literal(block.body, "name"), file, out);
  } else if (type == "docker_container") {
    image_attribute(literal(block.body, "image"), file, out);
  } else if (starts_with(type, "kubernetes_")) {
    kubernetes_images(block.body, file, out);
  }
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
  c.scheme = versioning::SchemeId::loose;
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
    } else if (block.type == "resource" && !block.labels.empty()) {
      resource_block(block, file, out);
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
