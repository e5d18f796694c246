#include "versiond/drift/match.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

#include "versiond/net/url.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::drift {

namespace {

bool is_stopword(const std::string& w) {
  static const std::set<std::string> stop = {
      "a",       "and",      "app",     "application", "chart", "charts", "com",      "container",
      "docker",  "for",      "github",  "helm",        "https", "http",   "image",    "images",
      "init",    "io",       "library", "of",          "oci",   "org",    "provider", "registry",
      "release", "releases", "the",     "version",     "www"};
  return w.size() < 2 || stop.count(w) != 0;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string drop_parentheses(const std::string& s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

// Words of a text; each whitespace- or slash-separated piece made of several
// words also contributes their concatenation.
void add_tokens(const std::string& text, Tokens& out) {
  std::string piece;
  const auto flush_piece = [&] {
    std::vector<std::string> words;
    std::string w;
    for (char c : piece) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        w.push_back(c);
      } else if (!w.empty()) {
        words.push_back(w);
        w.clear();
      }
    }
    if (!w.empty()) {
      words.push_back(w);
    }
    std::string joined;
    std::size_t kept = 0;
    for (const std::string& word : words) {
      if (!is_stopword(word)) {
        out.insert(word);
        joined += word;
        ++kept;
      }
    }
    if (kept > 1) {
      out.insert(joined);
    }
    piece.clear();
  };
  for (char c : lower(text)) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '/') {
      flush_piece();
    } else {
      piece.push_back(c);
    }
  }
  flush_piece();
}

std::string last_segment(const std::string& package) {
  std::string seg = package.substr(package.rfind('/') + 1);
  for (std::string_view prefix : {"terraform-provider-", "terraform-module-"}) {
    if (seg.rfind(prefix, 0) == 0) {
      seg.erase(0, prefix.size());
    }
  }
  return seg;
}

// The words that name a package: its last path segment, except for registry
// modules ("Azure/network/azurerm") whose last segment is only the provider.
std::string package_words(const std::string& package, bool module) {
  if (module) {
    const std::size_t first = package.find('/');
    if (first != std::string::npos) {
      std::string rest = package.substr(first + 1);
      std::replace(rest.begin(), rest.end(), '/', ' ');
      return rest;
    }
  }
  return last_segment(package);
}

bool token_match(const std::string& a, const std::string& b) {
  if (a == b) {
    return true;
  }
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  return shorter.size() >= 5 && longer.compare(0, shorter.size(), shorter) == 0;
}

std::string strip_v(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }),
          s.end());
  // A leading 'v' after any constraint operator: "~>v1.2" and "v1.2" become "~>1.2", "1.2".
  const std::size_t first = s.find_first_not_of("~><=!^");
  if (first != std::string::npos && first + 1 < s.size() && (s[first] == 'v' || s[first] == 'V') &&
      std::isdigit(static_cast<unsigned char>(s[first + 1]))) {
    s.erase(first, 1);
  }
  return s;
}

bool numeric_dotted(const std::string& s) {
  static const std::regex re(R"(^\d+(\.\d+)*$)");
  return std::regex_match(s, re);
}

bool digest_prefix(std::string expected, const std::string& digest) {
  for (std::string_view ellipsis : {"...", "\xe2\x80\xa6"}) {
    if (const std::size_t at = expected.find(ellipsis); at != std::string::npos) {
      expected.resize(at);
    }
  }
  return expected.size() > 7 && !digest.empty() &&
         digest.compare(0, expected.size(), expected) == 0;
}

}  // namespace

Tokens row_tokens(const Component& row) {
  Tokens t;
  add_tokens(drop_parentheses(row.name), t);
  if (!row.package.empty()) {
    add_tokens(package_words(row.package, row.datasource == Datasource::terraform_module), t);
  }
  return t;
}

Tokens component_tokens(const Component& code) {
  Tokens t;
  add_tokens(code.package.empty()
                 ? last_segment(code.name)
                 : package_words(code.package, code.kind == PinKind::terraform_module),
             t);
  if (code.kind == PinKind::argocd_helm && !code.registry_url.empty()) {
    const std::string host = net::url_host(code.registry_url);
    add_tokens(host.substr(0, host.find('.')), t);
  }
  return t;
}

Tokens component_name_tokens(const Component& code) {
  Tokens t;
  if (code.name != code.package) {
    add_tokens(last_segment(code.name), t);
  }
  return t;
}

double pin_score(const Tokens& row, const Component& code) {
  return std::max(match_score(row, component_tokens(code)),
                  match_score(row, component_name_tokens(code)));
}

double match_score(const Tokens& row, const Tokens& code) {
  if (row.empty() || code.empty()) {
    return 0.0;
  }
  // An exact token counts 1, a prefix match ("mongo" ~ "mongodb") counts 1/2,
  // so "azure" does not tie azuread with azurerm.
  double shared = 0.0;
  for (const std::string& c : code) {
    double best = 0.0;
    for (const std::string& r : row) {
      best = std::max(best, r == c ? 1.0 : token_match(r, c) ? 0.5 : 0.0);
    }
    shared += best;
  }
  const double coverage = shared / static_cast<double>(code.size());
  if (coverage < 0.5) {
    return 0.0;  // one shared word of three ("nats" of nats-top) is not the same thing
  }
  const double jaccard = shared / (static_cast<double>(row.size() + code.size()) - shared);
  return coverage + jaccard;
}

bool covers(const Tokens& row, const Tokens& code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [&](const std::string& c) {
    return std::any_of(row.begin(), row.end(),
                       [&](const std::string& r) { return token_match(r, c); });
  });
}

bool is_chart_pin(const Component& code) {
  switch (code.kind) {
    case PinKind::argocd_helm:
    case PinKind::helm_dependency:
    case PinKind::kustomize_helm:
    case PinKind::flux_helm:
    case PinKind::terraform_helm: return true;
    default: return false;
  }
}

bool is_image_pin(const Component& code) { return code.datasource == Datasource::docker; }

// A row whose name says "chart", or whose upstream link is a chart's page.
bool row_is_chart(const Component& row) {
  return lower(row.name).find("chart") != std::string::npos || row.datasource == Datasource::helm;
}

double kind_affinity(const Component& row, const Component& code) {
  const bool chart_row = row_is_chart(row);
  const bool chart_pin = is_chart_pin(code);
  if (chart_row == chart_pin) return 0.25;
  // A chart row never takes an image when a row for that image is there to
  // take it ("Jenkins Helm Chart" vs "Jenkins LTS" on one values file).
  if (chart_row && is_image_pin(code)) return -1.0;
  return 0.0;
}

double identity_score(const Component& row, const Component& code) {
  if (row.package.empty() || code.package.empty()) return 0.0;
  const std::string r = lower(row.package);
  const std::string c = lower(code.package);
  switch (row.datasource) {
    case Datasource::docker:  // a Docker Hub or Quay link: the image repository
      return is_image_pin(code) && r == c ? 3.0 : 0.0;
    case Datasource::helm:  // an Artifact Hub link: the chart name
      return is_chart_pin(code) && r == c ? 3.0 : 0.0;
    case Datasource::github_releases:
    case Datasource::github_tags:  // a GitHub link: actions, remote resources, git modules
      return (code.datasource == Datasource::github_releases ||
              code.datasource == Datasource::github_tags) &&
                     r == c
                 ? 3.0
                 : 0.0;
    case Datasource::terraform_provider:
    case Datasource::terraform_module:
      return code.datasource == row.datasource && r == c ? 3.0 : 0.0;
    default: return 0.0;
  }
}

bool same_version(const std::string& expected, const Component& code) {
  if (expected.rfind("sha256:", 0) == 0) {
    return digest_prefix(expected, code.digest) || digest_prefix(expected, code.current);
  }
  const std::string e = strip_v(expected);
  const std::string f = strip_v(code.current);
  if (e == f) {
    return true;
  }
  if (numeric_dotted(e) && numeric_dotted(f)) {
    return versioning::scheme_for("loose").compare(e, f) == 0;
  }
  return false;
}

}  // namespace versiond::drift
