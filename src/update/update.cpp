#include "versiond/update/update.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>

#include "versiond/core/error.hpp"
#include "versiond/drift/match.hpp"
#include "versiond/update/lock_file.hpp"
#include "versiond/versioning/scheme.hpp"

namespace fs = std::filesystem;

namespace versiond::update {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_row(const Component& c) { return c.kind == PinKind::versions_table; }

std::string pin_key(const Component& c) { return lower(c.package.empty() ? c.name : c.package); }

bool under(const std::string& file, const std::string& location) {
  return file == location ||
         (file.size() > location.size() && file.compare(0, location.size(), location) == 0 &&
          file[location.size()] == '/');
}

bool is_commit_sha(const std::string& s) {
  return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

bool is_image(PinKind k) {
  return k == PinKind::k8s_image || k == PinKind::helm_values_image ||
         k == PinKind::kustomize_image || k == PinKind::dockerfile_image ||
         k == PinKind::compose_image || k == PinKind::github_action_image;
}

// A location cell's path, repository-relative, as the drift check resolves it
// (from the root first, then from the table's folder).
std::optional<std::string> resolve_location(const RepoRoot& root, const std::string& table_file,
                                            const std::string& location) {
  std::vector<std::string> tries = {location};
  const auto slash = table_file.rfind('/');
  if (slash != std::string::npos) {
    tries.push_back(table_file.substr(0, slash + 1) + location);
  }
  for (const std::string& t : tries) {
    if (const auto path = root.resolve(t)) {
      std::error_code ec;
      if (fs::exists(*path, ec)) {
        return root.relative(*path);
      }
    }
  }
  return std::nullopt;
}

// Each table row and the pins it tracks: the same one-to-one, best-score-first
// pairing the drift check makes, so that an update leaves the check clean.
std::map<const Component*, std::vector<const Component*>> rows_and_pins(
    const RepoRoot& root, const std::vector<Component>& inventory) {
  std::vector<const Component*> rows;
  std::vector<const Component*> pins;
  for (const Component& c : inventory) {
    (is_row(c) ? rows : pins).push_back(&c);
  }
  std::map<std::string, std::vector<const Component*>> rows_by_location;
  for (const Component* row : rows) {
    for (const std::string& loc : row->locations) {
      if (const auto rel = resolve_location(root, row->origin.file, loc)) {
        auto& list = rows_by_location[*rel];
        if (std::find(list.begin(), list.end(), row) == list.end()) {
          list.push_back(row);
        }
      }
    }
  }
  std::map<const Component*, std::vector<const Component*>> out;
  for (const auto& [location, location_rows] : rows_by_location) {
    std::map<std::string, std::vector<const Component*>> groups;
    for (const Component* p : pins) {
      if (under(p->origin.file, location)) {
        groups[pin_key(*p)].push_back(p);
      }
    }
    struct Pair {
      const Component* row;
      std::string key;
      double score;
    };
    std::vector<Pair> pairs;
    for (const Component* row : location_rows) {
      const drift::Tokens rt = drift::row_tokens(*row);
      for (const auto& [key, group] : groups) {
        const double s = drift::pin_score(rt, *group.front());
        if (s > 0.0) {
          pairs.push_back({row, key, s + drift::kind_affinity(*row, *group.front())});
        }
      }
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.score > b.score; });
    std::set<const Component*> assigned;
    std::set<std::string> taken;
    for (const Pair& p : pairs) {
      if (assigned.count(p.row) == 0 && taken.count(p.key) == 0) {
        assigned.insert(p.row);
        taken.insert(p.key);
        auto& list = out[p.row];
        list.insert(list.end(), groups[p.key].begin(), groups[p.key].end());
      }
    }
  }
  return out;
}

const versioning::Scheme& scheme_of(const Component& c) { return versioning::scheme_for(c.scheme); }

std::string read_repo_file(const RepoRoot& root, const std::string& file) {
  const auto path = root.resolve(file);
  if (!path) {
    throw Error(ErrorKind::io, file + ": outside the repository");
  }
  return read_text_file(*path, file);
}

struct Work {
  std::map<std::string, std::vector<LineEdit>> line_edits;         // by file
  std::map<std::string, std::vector<LockEntryUpdate>> lock_edits;  // by file
  std::vector<PlannedEdit> edits;
  std::set<std::string> seen;  // "file:line"
  // The registry's digest by package, registry and tag: asked once per run.
  std::map<std::tuple<std::string, std::string, std::string>, sources::ManifestDigest> digests;
};

// The bytes of the pin on its line: an action pinned by commit with a version
// comment reads as that version (inventory), but the line holds the commit.
const std::string& pinned_text(const Component& c) {
  return c.kind == PinKind::github_action && is_commit_sha(c.digest) ? c.digest : c.current;
}

// Records that on `line` of c's file, old_value becomes new_value (once).
void push_edit(Work& w, const Component& c, int line, const std::string& old_value,
               const std::string& new_value, std::string comment_version = {}) {
  const std::string key = c.origin.file + ":" + std::to_string(line) + ":" + old_value;
  if (!w.seen.insert(key).second) {
    return;
  }
  LineEdit e;
  e.file = c.origin.file;
  e.line = line;
  e.old_value = old_value;
  e.new_value = new_value;
  e.syntax = syntax_for(c.kind);
  e.comment_version = std::move(comment_version);
  w.line_edits[e.file].push_back(e);
  w.edits.push_back({c.name, c.kind, c.origin.file, line, old_value, new_value});
}

void add_line_edit(Work& w, const Component& c, const std::string& new_value,
                   std::string comment_version = {}) {
  const std::string& old_value = pinned_text(c);
  if (new_value == old_value && comment_version.empty()) {
    return;
  }
  push_edit(w, c, c.origin.line, old_value, new_value, std::move(comment_version));
}

// How far from the tag's line a digest pinned on a line of its own (Kustomize
// `digest:`, Helm values `digest:`) is looked for: the keys of one mapping.
constexpr int k_digest_reach = 5;

// The line holding c's digest: the tag's own line when the reference is one
// string (`nginx:1.25.0@sha256:…`), else the nearest line of the mapping that
// holds it (a later one on a tie).
int digest_line(const std::string& content, const Component& c) {
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= content.size();) {
    const auto nl = content.find('\n', pos);
    const auto end = nl == std::string::npos ? content.size() : nl;
    lines.emplace_back(content.data() + pos, end - pos);
    if (nl == std::string::npos) {
      break;
    }
    pos = nl + 1;
  }
  const auto holds = [&](int n) {
    return n >= 1 && n <= static_cast<int>(lines.size()) &&
           lines[static_cast<std::size_t>(n - 1)].find(c.digest) != std::string_view::npos;
  };
  for (int d = 0; d <= k_digest_reach; ++d) {
    if (holds(c.origin.line + d)) {
      return c.origin.line + d;
    }
    if (holds(c.origin.line - d)) {
      return c.origin.line - d;
    }
  }
  throw Error(ErrorKind::input, c.origin.file + ":" + std::to_string(c.origin.line) + ": " +
                                    c.name + "'s digest " + c.digest + " is not within " +
                                    std::to_string(k_digest_reach) + " lines of its tag");
}

// An image pinned by tag and digest whose tag becomes new_tag: its digest
// becomes the registry's digest of new_tag, on the line that holds it.
void add_digest_edit(const RepoRoot& root, Work& w, const Component& c, const std::string& new_tag,
                     const UpdateOptions& options) {
  const std::string where = c.origin.file + ":" + std::to_string(c.origin.line);
  if (!options.image_digests) {
    throw Error(ErrorKind::usage,
                where + ": " + c.name + " pins a digest next to its tag (" + c.digest +
                    ") and no registry is at hand to read the digest of " + new_tag);
  }
  const auto key = std::make_tuple(c.package, c.registry_url, new_tag);
  auto cached = w.digests.find(key);
  if (cached == w.digests.end()) {
    cached =
        w.digests.emplace(key, options.image_digests({c.package, c.registry_url, new_tag})).first;
  }
  const sources::ManifestDigest& answer = cached->second;
  if (answer.failure || answer.digest.empty()) {
    throw Error(ErrorKind::io,
                where + ": " + c.name + " pins a digest next to its tag, and the digest of " +
                    new_tag + " could not be read from its registry (" +
                    (answer.failure ? answer.failure->describe() : std::string("no digest")) +
                    "); nothing was written");
  }
  if (answer.digest != c.digest) {
    const int line = digest_line(read_repo_file(root, c.origin.file), c);
    push_edit(w, c, line, c.digest, answer.digest);
  }
}

// The value a code pin gets for the request; its current value when unchanged.
std::string new_pin_value(const Component& c, const UpdateRequest& r, const UpdateOptions& options,
                          std::string& comment_version) {
  const auto& scheme = scheme_of(c);
  const std::string where = c.origin.file + ":" + std::to_string(c.origin.line);
  const bool sha_pin =
      c.kind == PinKind::github_action && (is_commit_sha(c.current) || is_commit_sha(c.digest));
  if (c.skip == SkipReason::digest) {
    throw Error(ErrorKind::usage, where + ": " + c.name + " is pinned by digest only (" +
                                      c.current +
                                      "): there is no tag to move; pin a tag next to the digest "
                                      "(image:TAG@sha256:…) to update it");
  }
  if (c.skipped() && !sha_pin) {
    throw Error(ErrorKind::usage,
                where + ": " + c.name + " cannot be updated (" + c.skip_text() + ")");
  }
  if (!scheme.valid(r.version)) {
    throw Error(ErrorKind::usage, "'" + r.version + "' is not a " + std::string(scheme.name()) +
                                      " version (" + c.name + ", " + where + ")");
  }
  if (sha_pin) {
    if (r.sha.empty()) {
      throw Error(ErrorKind::usage, where + ": " + c.name +
                                        " is pinned by commit; give the release's commit as " +
                                        r.selector + "=" + r.version + "@SHA");
    }
    comment_version = r.version;
    return lower(r.sha);
  }
  if (is_image(c.kind) || c.kind == PinKind::github_action || c.kind == PinKind::terraform_lock) {
    if (!c.digest.empty() && !is_image(c.kind)) {  // images: the digest moves with the tag
      throw Error(ErrorKind::usage, where + ": " + c.name + " pins a digest next to its tag (" +
                                        c.digest +
                                        "); versiond does not move digest pins: drop the "
                                        "digest or update it by hand");
    }
    return same_prefix(c.current, r.version);
  }
  const RangeStrategy strategy = r.strategy.value_or(options.strategy);
  const auto next = next_constraint(c.current, r.version, scheme, strategy);
  if (!next) {
    throw Error(ErrorKind::usage, where + ": cannot rewrite '" + c.current + "' to admit " +
                                      r.version + " with range strategy " +
                                      std::string(to_string(strategy)));
  }
  return *next;
}

void plan_request(const RepoRoot& root, const extract::Inventory& inv,
                  const std::map<const Component*, std::vector<const Component*>>& tracked,
                  const UpdateRequest& r, const UpdateOptions& options, Work& w) {
  std::vector<const Component*> pins;
  std::vector<const Component*> rows;
  for (const Component& c : inv.components) {
    if ((c.name == r.selector || (!c.package.empty() && c.package == r.selector)) &&
        (r.file.empty() || c.origin.file == r.file)) {
      (is_row(c) ? rows : pins).push_back(&c);
    }
  }
  if (pins.empty() && rows.empty()) {
    throw Error(ErrorKind::usage, "no component is named or packaged '" + r.selector + "'" +
                                      (r.file.empty() ? std::string() : " in " + r.file) +
                                      " (see `versiond inventory`)");
  }
  // A row chosen by name brings the pins it tracks; pins bring their rows.
  for (const Component* row : std::vector<const Component*>(rows)) {
    const auto t = tracked.find(row);
    if (t != tracked.end()) {
      for (const Component* p : t->second) {
        if (std::find(pins.begin(), pins.end(), p) == pins.end()) {
          pins.push_back(p);
        }
      }
    }
  }
  std::map<const Component*, std::string> new_value;  // pin → its new value
  std::map<std::string, std::pair<std::string, std::string>> constraint_change;  // package
  for (const Component* p : pins) {
    if (p->kind == PinKind::terraform_lock) {
      continue;  // after the constraints it records
    }
    std::string comment;
    const std::string value = new_pin_value(*p, r, options, comment);
    new_value[p] = value;
    add_line_edit(w, *p, value, comment);
    if (is_image(p->kind) && !p->digest.empty() && value != p->current) {
      add_digest_edit(root, w, *p, value, options);
    }
    if (p->kind == PinKind::terraform_provider) {
      constraint_change[pin_key(*p)] = {p->current, value};
    }
  }
  for (const Component* p : pins) {
    if (p->kind != PinKind::terraform_lock) {
      continue;
    }
    std::string unused;
    const std::string value = new_pin_value(*p, r, options, unused);
    new_value[p] = value;
    if (value == p->current) {
      continue;
    }
    const std::string where = p->origin.file + ":" + std::to_string(p->origin.line);
    std::optional<std::vector<std::string>> hashes;
    if (options.lock_hashes) {
      LockHashRequest request{p->origin.file, p->package, value};
      request.locked_version = p->current;
      request.locked_hashes = p->hashes;
      if (const auto scheme_end = p->registry_url.find("://"); scheme_end != std::string::npos) {
        request.registry_host = p->registry_url.substr(scheme_end + 3);
      }
      hashes = options.lock_hashes(request);
    }
    if (!hashes || hashes->empty()) {
      throw Error(ErrorKind::usage, where + ": the lock file needs the hashes of " + p->package +
                                        " " + value + " from its registry and none were found");
    }
    LockEntryUpdate u;
    u.provider = p->package;
    u.version = value;
    u.hashes = std::move(*hashes);
    const auto change = constraint_change.find(pin_key(*p));
    if (change != constraint_change.end() && p->constraint == change->second.first &&
        change->second.first != change->second.second) {
      u.constraints = change->second.second;
    }
    w.lock_edits[p->origin.file].push_back(u);
    w.edits.push_back({p->name, p->kind, p->origin.file, p->origin.line, p->current, value});
  }
  // The rows tracking these pins, and rows chosen by name.
  for (const auto& [row, row_pins] : tracked) {
    for (const Component* p : row_pins) {
      const auto v = new_value.find(p);
      if (v == new_value.end()) {
        continue;
      }
      if (v->second != p->current && drift::same_version(row->current, *p)) {
        add_line_edit(w, *row, same_prefix(row->current, v->second));
        if (std::find(rows.begin(), rows.end(), row) == rows.end()) {
          rows.push_back(row);
        }
      }
      break;
    }
  }
  for (const Component* row : rows) {
    if (tracked.count(row) == 0) {
      if (row->skipped()) {
        throw Error(ErrorKind::usage, row->origin.file + ":" + std::to_string(row->origin.line) +
                                          ": " + row->name + " cannot be updated (" +
                                          row->skip_text() + ")");
      }
      add_line_edit(w, *row, same_prefix(row->current, r.version));
    }
  }
}

std::vector<std::string> split_keep(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const auto end = nl == std::string::npos ? text.size() : nl + 1;
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

struct Region {
  std::size_t a_begin, a_end, b_begin, b_end;
};

// Changed regions between two line lists: line by line when the counts
// agree (line edits never add or remove lines), else one region between the
// common prefix and suffix.
std::vector<Region> regions(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<Region> out;
  if (a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) {
        out.push_back({i, i + 1, i, i + 1});
      }
    }
    return out;
  }
  std::size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) {
    ++p;
  }
  std::size_t s = 0;
  while (s < a.size() - p && s < b.size() - p && a[a.size() - 1 - s] == b[b.size() - 1 - s]) {
    ++s;
  }
  out.push_back({p, a.size() - s, p, b.size() - s});
  return out;
}

void diff_line(std::string& out, char mark, const std::string& line) {
  out += mark;
  out += line;
  if (line.empty() || line.back() != '\n') {
    out += "\n\\ No newline at end of file\n";
  }
}

std::string file_diff(const PlannedFile& f) {
  const auto a = split_keep(f.before);
  const auto b = split_keep(f.after);
  const auto changes = regions(a, b);
  if (changes.empty()) {
    return {};
  }
  constexpr std::size_t k_context = 3;
  std::string out = "--- a/" + f.file + "\n+++ b/" + f.file + "\n";
  std::size_t i = 0;
  while (i < changes.size()) {
    std::size_t j = i;
    while (j + 1 < changes.size() && changes[j + 1].a_begin <= changes[j].a_end + 2 * k_context) {
      ++j;
    }
    const std::size_t a0 = changes[i].a_begin > k_context ? changes[i].a_begin - k_context : 0;
    const std::size_t a1 = std::min(a.size(), changes[j].a_end + k_context);
    const std::size_t shift = changes[i].b_begin - changes[i].a_begin;
    const std::size_t b0 = a0 + shift;
    const std::size_t b1 = a1 + (changes[j].b_end - changes[j].a_end);
    out += "@@ -" + std::to_string(a1 > a0 ? a0 + 1 : a0) + "," + std::to_string(a1 - a0) + " +" +
           std::to_string(b1 > b0 ? b0 + 1 : b0) + "," + std::to_string(b1 - b0) + " @@\n";
    std::size_t pos = a0;
    for (std::size_t k = i; k <= j; ++k) {
      for (; pos < changes[k].a_begin; ++pos) {
        diff_line(out, ' ', a[pos]);
      }
      for (std::size_t x = changes[k].a_begin; x < changes[k].a_end; ++x) {
        diff_line(out, '-', a[x]);
      }
      for (std::size_t x = changes[k].b_begin; x < changes[k].b_end; ++x) {
        diff_line(out, '+', b[x]);
      }
      pos = changes[k].a_end;
    }
    for (; pos < a1; ++pos) {
      diff_line(out, ' ', a[pos]);
    }
    i = j + 1;
  }
  return out;
}

}  // namespace

ImageDigestSource registry_image_digests(sources::Lookups& lookups) {
  return [&lookups](const ImageDigestRequest& r) {
    return lookups.manifest_digest({Datasource::docker, r.package, r.registry_url}, r.tag);
  };
}

UpdateRequest parse_set(const std::string& text) {
  const auto eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw Error(ErrorKind::usage, "--set '" + text + "': expected NAME_OR_PACKAGE=VERSION");
  }
  UpdateRequest r;
  r.selector = text.substr(0, eq);
  r.version = text.substr(eq + 1);
  if (const auto at = r.version.find('@'); at != std::string::npos) {
    r.sha = r.version.substr(at + 1);
    r.version.erase(at);
    if (!is_commit_sha(r.sha) || r.version.empty()) {
      throw Error(ErrorKind::usage,
                  "--set '" + text + "': expected VERSION@SHA with a 40-hex commit");
    }
  }
  return r;
}

UpdatePlan plan_update(const RepoRoot& root, const extract::Inventory& inventory,
                       const std::vector<UpdateRequest>& requests, const UpdateOptions& options) {
  std::set<std::pair<std::string, std::string>> selectors;
  for (const UpdateRequest& r : requests) {
    if (!selectors.insert({r.selector, r.file}).second) {
      throw Error(ErrorKind::usage, "'" + r.selector + "' is set more than once");
    }
  }
  const auto tracked = rows_and_pins(root, inventory.components);
  Work w;
  for (const UpdateRequest& r : requests) {
    plan_request(root, inventory, tracked, r, options, w);
  }
  UpdatePlan plan;
  std::set<std::string> files;
  for (const auto& [file, unused] : w.line_edits) {
    files.insert(file);
  }
  for (const auto& [file, unused] : w.lock_edits) {
    files.insert(file);
  }
  const EditContext ctx{options.today};
  for (const std::string& file : files) {
    PlannedFile pf{file, read_repo_file(root, file), {}};
    pf.after = pf.before;
    if (const auto e = w.line_edits.find(file); e != w.line_edits.end()) {
      for (const LineEdit& edit : e->second) {
        pf.after = apply_line_edit(pf.after, edit, ctx);
      }
    }
    if (const auto l = w.lock_edits.find(file); l != w.lock_edits.end()) {
      for (const LockEntryUpdate& u : l->second) {
        pf.after = update_lock_file(pf.after, u);
      }
    }
    if (pf.after != pf.before) {
      plan.files.push_back(std::move(pf));
    }
  }
  plan.edits = std::move(w.edits);
  std::sort(plan.edits.begin(), plan.edits.end(), [](const PlannedEdit& a, const PlannedEdit& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  return plan;
}

void write_plan(const RepoRoot& root, const UpdatePlan& plan) {
  std::vector<std::pair<fs::path, const PlannedFile*>> written;
  try {
    for (const PlannedFile& f : plan.files) {
      const auto path = root.resolve(f.file);
      if (!path) {
        throw Error(ErrorKind::io, f.file + ": outside the repository");
      }
      if (read_text_file(*path, f.file) != f.before) {
        throw Error(ErrorKind::io, f.file +
                                       ": changed while the update was planned; nothing "
                                       "more was written");
      }
      // The new file keeps the old one's permission bits (an executable script stays one).
      std::error_code ec;
      const auto perms = fs::status(*path, ec).permissions();
      write_file_atomic(*path, f.after);
      written.emplace_back(*path, &f);
      if (!ec) {
        fs::permissions(*path, perms, fs::perm_options::replace, ec);
      }
    }
  } catch (...) {
    for (auto it = written.rbegin(); it != written.rend(); ++it) {
      try {
        write_file_atomic(it->first, it->second->before);
      } catch (const Error&) {
        // Keep restoring the others; the first error is the one reported.
      }
    }
    throw;
  }
}

std::string unified_diff(const UpdatePlan& plan) {
  std::string out;
  for (const PlannedFile& f : plan.files) {
    out += file_diff(f);
  }
  return out;
}

}  // namespace versiond::update
