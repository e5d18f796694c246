// Version-tracking tables (VERSIONS.md, VERSION-TRACKING.md) read with
// cmark-gfm and its table extension: cells are inline trees, so bold names,
// backticked values, links and <br> separators come out structurally.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>

#include "extract/upstream_link.hpp"
#include "extract/version_text.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

// The inline content of one table cell.
struct Cell {
  std::string text;                // plain text, markdown removed, <br> as '\n'
  std::vector<std::string> code;   // backticked spans
  std::vector<std::string> links;  // link targets
};

std::string_view type_of(cmark_node* n) { return cmark_node_get_type_string(n); }

std::string literal(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s != nullptr ? s : "";
}

bool is_br(const std::string& html) {
  std::string l;
  for (char c : html) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return l == "<br>" || l == "<br/>";
}

void read_inlines(cmark_node* node, Cell& cell) {
  for (cmark_node* n = cmark_node_first_child(node); n != nullptr; n = cmark_node_next(n)) {
    const std::string_view t = type_of(n);
    if (t == "text") {
      cell.text += literal(n);
    } else if (t == "code") {
      cell.text += literal(n);
      cell.code.push_back(literal(n));
    } else if (t == "softbreak" || t == "linebreak") {
      cell.text += '\n';
    } else if (t == "html_inline") {
      if (is_br(literal(n))) {
        cell.text += '\n';
      }
    } else {
      if (t == "link") {
        const char* url = cmark_node_get_url(n);
        if (url != nullptr && *url != '\0') {
          cell.links.emplace_back(url);
        }
      }
      read_inlines(n, cell);  // strong, emph, strikethrough, link text
    }
  }
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    return "";
  }
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out.push_back(' ');
    }
    space = false;
    out.push_back(c);
  }
  return out;
}

enum Role : std::size_t { component, current, location, source, role_count };

// Header words seen in real version tables, compared after lower-casing and
// dropping everything but letters, digits and single spaces.
std::optional<Role> role_for(const std::string& header) {
  std::string h;
  for (char c : header) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      h.push_back(static_cast<char>(std::tolower(u)));
    } else if (std::isspace(u) && !h.empty() && h.back() != ' ') {
      h.push_back(' ');
    }
  }
  while (!h.empty() && h.back() == ' ') {
    h.pop_back();
  }
  static const std::array<std::vector<std::string_view>, role_count> names = {{
      {"component", "components", "name", "tool", "tools", "service", "services", "stack name",
       "stack", "package", "software", "application", "app", "dependency", "project", "image"},
      {"current", "current version", "version", "pinned", "pinned version", "installed",
       "installed version", "deployed version", "in use"},
      {"location", "locations", "file", "files", "path", "paths", "where", "defined in", "manifest",
       "manifests"},
      {"source", "sources", "update source", "upstream", "release notes", "releases", "link",
       "links", "url", "repository", "repo", "homepage", "reference", "references"},
  }};
  for (std::size_t r = 0; r < role_count; ++r) {
    if (std::find(names[r].begin(), names[r].end(), h) != names[r].end()) {
      return static_cast<Role>(r);
    }
  }
  return std::nullopt;
}

bool path_like(const std::string& s) {
  return !s.empty() && s.find_first_of(" \t") == std::string::npos &&
         s.find("://") == std::string::npos &&
         (s.find('/') != std::string::npos || s.find('.') != std::string::npos);
}

void add_location(std::string s, std::vector<std::string>& out) {
  s = trim(s);
  if (s.rfind("./", 0) == 0) {
    s.erase(0, 2);
  }
  if (path_like(s) && std::find(out.begin(), out.end(), s) == out.end()) {
    out.push_back(std::move(s));
  }
}

void split_locations(const std::string& text, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find_first_of(",;\n", start);
    add_location(text.substr(start, end == std::string::npos ? std::string::npos : end - start),
                 out);
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
}

// Paths named in a Location cell: backticked paths, relative link targets, or
// plain path-like words separated by <br>, commas or semicolons.
std::vector<std::string> locations_of(const Cell& cell) {
  std::vector<std::string> out;
  for (const std::string& code : cell.code) {
    split_locations(code, out);
  }
  for (const std::string& link : cell.links) {
    if (link.find("://") == std::string::npos && link.front() != '#') {
      add_location(link.substr(0, link.find('#')), out);
    }
  }
  if (cell.code.empty() && cell.links.empty()) {
    split_locations(cell.text, out);
  }
  return out;
}

bool is_terraform(Datasource d) {
  return d == Datasource::terraform_provider || d == Datasource::terraform_module;
}

versioning::SchemeId scheme_for_row(const Component& c) {
  if (is_constraint(c.current)) {
    const bool tf = is_terraform(c.datasource) || c.current.find("~>") != std::string::npos ||
                    c.package.rfind("hashicorp/", 0) == 0;
    return tf ? versioning::SchemeId::hashicorp : versioning::SchemeId::helm;
  }
  if (c.datasource == Datasource::docker) {
    return versioning::SchemeId::docker;
  }
  if (c.datasource == Datasource::helm) {
    return versioning::SchemeId::helm;
  }
  if (is_terraform(c.datasource)) {
    return versioning::SchemeId::hashicorp;
  }
  return is_strict_semver(c.current) ? versioning::SchemeId::semver : versioning::SchemeId::loose;
}

void apply_upstream(const std::vector<Cell>& cells, const std::array<int, role_count>& col,
                    Component& c) {
  // The Source column first, then any other cell with a recognisable link.
  std::vector<const Cell*> order;
  if (col[source] >= 0) {
    order.push_back(&cells[static_cast<std::size_t>(col[source])]);
  }
  for (const Cell& cell : cells) {
    order.push_back(&cell);
  }
  for (const Cell* cell : order) {
    for (const std::string& link : cell->links) {
      if (auto up = upstream_from_url(link)) {
        c.datasource = up->datasource;
        c.package = up->package;
        c.registry_url = up->registry_url;
        return;
      }
    }
  }
}

void read_table(cmark_node* table, const std::string& file, std::vector<Component>& out) {
  std::array<int, role_count> col;
  col.fill(-1);
  bool header_seen = false;
  for (cmark_node* row = cmark_node_first_child(table); row != nullptr;
       row = cmark_node_next(row)) {
    std::vector<Cell> cells;
    for (cmark_node* c = cmark_node_first_child(row); c != nullptr; c = cmark_node_next(c)) {
      Cell cell;
      read_inlines(c, cell);
      cells.push_back(std::move(cell));
    }
    if (!header_seen) {
      header_seen = true;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (auto role = role_for(cells[i].text); role && col[*role] < 0) {
          col[*role] = static_cast<int>(i);
        }
      }
      if (col[component] < 0 || col[current] < 0) {
        return;  // not a version table
      }
      continue;
    }
    const auto cell_at = [&](Role r) -> const Cell* {
      const int i = col[r];
      return i >= 0 && static_cast<std::size_t>(i) < cells.size()
                 ? &cells[static_cast<std::size_t>(i)]
                 : nullptr;
    };
    Component c;
    c.kind = PinKind::versions_table;
    c.origin = {file, cmark_node_get_start_line(row)};
    c.name = collapse_space(cell_at(component) != nullptr ? cell_at(component)->text : "");
    if (c.name.empty()) {
      continue;
    }
    c.current = collapse_space(cell_at(current) != nullptr ? cell_at(current)->text : "");
    if (const Cell* loc = cell_at(location)) {
      c.locations = locations_of(*loc);
    }
    apply_upstream(cells, col, c);
    auto [skip, detail] = skip_reason_for(c.current);
    c.skip_because(skip, std::move(detail));
    c.scheme = scheme_for_row(c);
    out.push_back(std::move(c));
  }
}

}  // namespace

std::vector<Component> extract_versions_table(std::string_view markdown, const std::string& file) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_syntax_extension* table_ext = cmark_find_syntax_extension("table");
  if (table_ext == nullptr) {
    throw Error(ErrorKind::internal, "cmark-gfm table extension is not available");
  }
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  if (cmark_parser_attach_syntax_extension(parser.get(), table_ext) == 0) {
    throw Error(ErrorKind::internal, "cannot attach the cmark-gfm table extension");
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  if (!doc) {
    throw input_error(file, 1, "cannot parse Markdown");
  }
  std::vector<Component> out;
  for (cmark_node* n = cmark_node_first_child(doc.get()); n != nullptr; n = cmark_node_next(n)) {
    if (type_of(n) == "table") {
      read_table(n, file, out);
    }
  }
  return out;
}

}  // namespace versiond::extract
