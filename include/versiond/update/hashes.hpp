// Terraform lock-file package hashes, computed natively (no terraform binary).
//
//   zh: "zh:" + lower-case hex SHA-256 of a provider's release zip, as listed in
//       the release's SHA256SUMS.
//   h1: the "dirhash" Hash1 of the unpacked package: for each file, sorted by
//       name, the line "<hex sha256>  <name>\n"; "h1:" + base64 of the SHA-256
//       of those lines. Directory entries are skipped, as Terraform does when it
//       hashes an installed package.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace versiond::update {

// Lower-case hex SHA-256 of data.
std::string sha256_hex(std::string_view data);

// Lower-case hex SHA-256 of a file's bytes, read in blocks. Throws Error(io)
// naming the file when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& file);

// "zh:" + sha256_hex(zip_bytes).
std::string zip_hash(std::string_view zip_bytes);

// One file of a package: its name ('/' separators, relative to the package
// root) and the lower-case hex SHA-256 of its content.
struct HashedFile {
  std::string name;
  std::string sha256;
};

// Hash1 over files (sorted here; the input order does not matter). Throws
// Error(input) for a name holding a newline (the line format cannot carry it).
std::string hash1(std::vector<HashedFile> files);

// Bounds on what a zip may unpack to, against zip bombs.
struct ZipLimits {
  std::uint64_t max_total_bytes = 1024ull * 1024ull * 1024ull;  // 1 GiB uncompressed
  std::uint64_t max_entries = 10000;
};

// How directory entries of a zip count in its Hash1.
enum class DirectoryEntries {
  skip,     // as Terraform hashes an installed provider (the h1: of a lock file)
  include,  // as Go's HashZip does (module zips, go.sum)
};

// Hash1 of the files in a zip, read with libzip. Throws Error(input) naming
// the zip when it cannot be read, an entry name is absolute or holds "..",
// or the entries exceed limits.
std::string hash1_of_zip(const std::filesystem::path& zip, const ZipLimits& limits = {},
                         DirectoryEntries directories = DirectoryEntries::skip);

// Hash1 of the regular files under dir (names relative to dir). Throws
// Error(io) when dir cannot be read.
std::string hash1_of_dir(const std::filesystem::path& dir);

}  // namespace versiond::update
