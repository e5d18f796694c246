// Sample scan records shared by the store tests.
#pragma once

#include <string>

#include "versiond/store/store.hpp"

namespace versiond::test {

// A scan of two components (azurerm behind, nats up to date) with releases,
// finished at `finished_at`.
store::ScanRecord sample_scan(const std::string& finished_at);

// A release as a lookup returns it.
store::Release release(const std::string& version, const std::string& published,
                       const std::string& notes_url = {});

// Bytes of a whole file, for grepping the database.
std::string file_bytes(const std::filesystem::path& file);

}  // namespace versiond::test
