#include "extract/upstream_link.hpp"

#include <vector>

namespace versiond::extract {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (end > start) {
      out.emplace_back(path.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

std::string strip_suffix(std::string s, std::string_view suffix) {
  if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
    s.resize(s.size() - suffix.size());
  }
  return s;
}

}  // namespace

std::optional<Upstream> upstream_from_url(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (url.substr(0, scheme.size()) == scheme) {
      url.remove_prefix(scheme.size());
    }
  }
  if (url.substr(0, 4) == "www.") {
    url.remove_prefix(4);
  }
  const std::size_t cut = url.find_first_of("?#");
  url = url.substr(0, cut);
  const std::size_t slash = url.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string host(url.substr(0, slash));
  const std::vector<std::string> seg = split_path(url.substr(slash + 1));

  if (host == "github.com" && seg.size() >= 2) {
    const std::string repo = seg[0] + "/" + strip_suffix(seg[1], ".git");
    const bool releases = seg.size() >= 3 && seg[2] == "releases";
    return Upstream{releases ? Datasource::github_releases : Datasource::github_tags, repo,
                    "https://github.com/" + repo};
  }
  if (host == "hub.docker.com" && seg.size() >= 2) {
    if (seg[0] == "_") {
      return Upstream{Datasource::docker, "docker.io/library/" + seg[1],
                      "https://registry-1.docker.io"};
    }
    if (seg[0] == "r" && seg.size() >= 3) {
      return Upstream{Datasource::docker, "docker.io/" + seg[1] + "/" + seg[2],
                      "https://registry-1.docker.io"};
    }
  }
  if (host == "quay.io" && seg.size() >= 3 && seg[0] == "repository") {
    return Upstream{Datasource::docker, "quay.io/" + seg[1] + "/" + seg[2], "https://quay.io"};
  }
  if (host == "artifacthub.io" && seg.size() >= 4 && seg[0] == "packages" && seg[1] == "helm") {
    return Upstream{Datasource::helm, seg[3],
                    "https://artifacthub.io/packages/helm/" + seg[2] + "/" + seg[3]};
  }
  if (host == "registry.terraform.io" && seg.size() >= 3) {
    if (seg[0] == "providers") {
      return Upstream{Datasource::terraform_provider, seg[1] + "/" + seg[2],
                      "https://registry.terraform.io"};
    }
    if (seg[0] == "modules" && seg.size() >= 4) {
      return Upstream{Datasource::terraform_module, seg[1] + "/" + seg[2] + "/" + seg[3],
                      "https://registry.terraform.io"};
    }
  }
  if (host == "endoflife.date" && !seg.empty()) {
    return Upstream{Datasource::endoflife, seg[0], "https://endoflife.date"};
  }
  return std::nullopt;
}

}  // namespace versiond::extract
