// A component: one thing a repository pins, as an extractor found it.
// This is the record that flows through every later stage
// (extract -> lookup -> decide -> act -> record).
#pragma once

#include <string>
#include <vector>

#include "versiond/extract/kinds.hpp"
#include "versiond/versioning/scheme_id.hpp"

namespace versiond {

struct Origin {
  std::string file;  // repository-relative, '/' separators
  int line = 0;      // 1-based
};

struct Component {
  std::string name;     // human name ("Prometheus Agent") or package for code
  std::string current;  // verbatim pinned value or constraint ("~> 4.78.0", "v3.8.1")
  PinKind kind = PinKind::versions_table;    // what pins it
  Datasource datasource = Datasource::none;  // where its versions are looked up
  std::string package;       // hashicorp/azurerm, prometheus/prometheus, docker.io/library/nginx
  std::string registry_url;  // registry or repository URL where known
  versioning::SchemeId scheme = versioning::SchemeId::loose;  // how its versions compare
  Origin origin;
  std::vector<std::string> locations;  // VERSIONS.md rows: paths named in the Location cell
  SkipReason skip = SkipReason::none;  // why no lookup is possible (none: look it up)
  std::string skip_detail;             // the specifics, for people ("repository alias '@x'")
  std::string digest;                  // images: "sha256:…" when the reference pins one
  std::string constraint;              // lock files: the constraints the lock was resolved against
  std::vector<std::string> hashes;     // lock files: h1:/zh: package hashes

  bool skipped() const noexcept { return skip != SkipReason::none; }
  // The skip reason for people: the detail when there is one, else the reason's name.
  std::string skip_text() const;
  // Marks the component as not looked up.
  void skip_because(SkipReason reason, std::string detail = {});
};

}  // namespace versiond
