// Inputs of the micro-benchmarks: the real fixtures, and larger inputs made from them.
#pragma once

#include <cstddef>
#include <string>

namespace versiond::bench {

// Whole file, or throws std::runtime_error naming the path.
std::string read_file(const std::string& path);

// The large real Helm index (tests/fixtures/upstream/helm/grafana-index.yaml).
std::string large_helm_index_path();

// A valid index.yaml of at least min_bytes: the entries of `index` repeated with the
// charts renamed (<chart>-copyN), so every chart name stays unique.
std::string grow_helm_index(const std::string& index, std::size_t min_bytes);

// The real-world VERSIONS.md (bench/data/real-world-VERSIONS.md).
std::string real_versions_md_path();

// A VERSIONS.md with one table of `rows` rows shaped like the real one.
std::string synthetic_versions_md(int rows);

}  // namespace versiond::bench
