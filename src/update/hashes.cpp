#include "versiond/update/hashes.hpp"

#include <openssl/evp.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <system_error>

#include "versiond/core/error.hpp"

namespace fs = std::filesystem;

namespace versiond::update {

namespace {

// Incremental SHA-256 through OpenSSL's EVP interface.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
      throw Error(ErrorKind::internal, "SHA-256 is not available");
    }
  }
  void add(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) {
      throw Error(ErrorKind::internal, "SHA-256 update failed");
    }
  }
  std::array<unsigned char, 32> finish() {
    std::array<unsigned char, 32> out{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &len) != 1 || len != out.size()) {
      throw Error(ErrorKind::internal, "SHA-256 final failed");
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

std::string to_hex(const std::array<unsigned char, 32>& digest) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (const unsigned char b : digest) {
    out.push_back(k_digits[b >> 4]);
    out.push_back(k_digits[b & 0x0f]);
  }
  return out;
}

std::string to_base64(const std::array<unsigned char, 32>& digest) {
  std::array<unsigned char, 45> out{};  // 4 * ceil(32 / 3) + NUL
  const int n = EVP_EncodeBlock(out.data(), digest.data(), static_cast<int>(digest.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

// A name a package may hold: relative, no "..", no empty name.
bool safe_entry_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\' ||
      (name.size() > 1 && name[1] == ':')) {
    return false;
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) {
      end = name.size();
    }
    if (name.substr(start, end - start) == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

// Streams a file (binaries included) through SHA-256.
std::string file_sha256(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::io, file.string() + ": cannot open");
  }
  Sha256 h;
  std::array<char, std::size_t{64} * 1024> buffer{};
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = in.gcount();
    if (n > 0) {
      h.add(buffer.data(), static_cast<std::size_t>(n));
    }
  }
  if (in.bad()) {
    throw Error(ErrorKind::io, file.string() + ": read failed");
  }
  return to_hex(h.finish());
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.add(data.data(), data.size());
  return to_hex(h.finish());
}

std::string sha256_file_hex(const fs::path& file) { return file_sha256(file); }

std::string zip_hash(std::string_view zip_bytes) { return "zh:" + sha256_hex(zip_bytes); }

std::string hash1(std::vector<HashedFile> files) {
  std::sort(files.begin(), files.end(),
            [](const HashedFile& a, const HashedFile& b) { return a.name < b.name; });
  Sha256 h;
  for (const HashedFile& f : files) {
    if (f.name.find('\n') != std::string::npos) {
      throw Error(ErrorKind::input, "package file name holds a newline: '" + f.name + "'");
    }
    const std::string line = f.sha256 + "  " + f.name + "\n";
    h.add(line.data(), line.size());
  }
  return "h1:" + to_base64(h.finish());
}

std::string hash1_of_zip(const fs::path& zip, const ZipLimits& limits,
                         DirectoryEntries directories) {
  const std::string where = zip.filename().string();
  int err = 0;
  std::unique_ptr<zip_t, void (*)(zip_t*)> archive(zip_open(zip.c_str(), ZIP_RDONLY, &err),
                                                   zip_discard);
  if (!archive) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    const std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(ErrorKind::input, where + ": cannot open zip: " + why);
  }
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    throw Error(ErrorKind::input, where + ": " + std::to_string(count) +
                                      " entries, more than the limit of " +
                                      std::to_string(limits.max_entries));
  }
  std::vector<HashedFile> files;
  std::uint64_t total = 0;
  std::array<char, std::size_t{64} * 1024> buffer{};
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    const char* raw_name = zip_get_name(archive.get(), index, ZIP_FL_ENC_RAW);
    if (raw_name == nullptr) {
      throw Error(ErrorKind::input, where + ": entry " + std::to_string(i) + " has no name");
    }
    const std::string name(raw_name);
    if (!safe_entry_name(name)) {
      throw Error(ErrorKind::input,
                  where + ": refusing entry '" + name + "' (absolute or climbing out with '..')");
    }
    const bool is_directory = name.back() == '/';
    if (is_directory && directories == DirectoryEntries::skip) {
      continue;
    }
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(archive.get(), index, 0),
                                                           zip_fclose);
    if (!file) {
      throw Error(ErrorKind::input,
                  where + ": cannot read entry '" + name + "': " + zip_strerror(archive.get()));
    }
    Sha256 h;
    for (;;) {
      const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
      if (n < 0) {
        throw Error(ErrorKind::input,
                    where + ": cannot read entry '" + name + "': " + zip_file_strerror(file.get()));
      }
      if (n == 0) {
        break;
      }
      total += static_cast<std::uint64_t>(n);
      if (total > limits.max_total_bytes) {
        throw Error(ErrorKind::input, where + ": unpacks to more than " +
                                          std::to_string(limits.max_total_bytes) +
                                          " bytes (refusing a possible zip bomb)");
      }
      h.add(buffer.data(), static_cast<std::size_t>(n));
    }
    files.push_back({name, to_hex(h.finish())});
  }
  return hash1(std::move(files));
}

std::string hash1_of_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorKind::io, dir.string() + ": not a directory");
  }
  std::vector<HashedFile> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) {
      continue;
    }
    const fs::path& p = it->path();
    const std::string name = p.lexically_relative(dir).generic_string();
    files.push_back({name, file_sha256(p)});
  }
  if (ec) {
    throw Error(ErrorKind::io, dir.string() + ": cannot list: " + ec.message());
  }
  return hash1(std::move(files));
}

}  // namespace versiond::update
