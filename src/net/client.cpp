#include "versiond/net/client.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "net/rate_limit.hpp"
#include "net/url.hpp"
#include "versiond/core/files.hpp"
#include "versiond/net/observer.hpp"
#include "versiond/net/redact.hpp"
#include "versiond/net/url.hpp"

namespace versiond::net {
namespace {

// True when `text` can go into an HTTP header as is: no CR, LF, NUL or other
// control character (tab allowed).
bool safe_header(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

using TimePoint = std::chrono::system_clock::time_point;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct SlistDeleter {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};
struct MultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct ShareDeleter {
  void operator()(CURLSH* s) const { curl_share_cleanup(s); }
};

// Where a download's 2xx body goes (HttpClient::download), and its cap.
struct DownloadTarget {
  NewFile& file;
  std::uint64_t max_bytes;
};

// One queued request, as handed to the transfer thread.
struct Job {
  std::string url;
  std::string method;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  DownloadTarget* download = nullptr;  // the caller's, alive until `done` is set
  std::promise<Response> done;
};

// One transfer in flight on the multi handle.
struct Active {
  std::unique_ptr<Job> job;
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  Response response;
  std::size_t max_body = 0;
  bool too_large = false;
  std::uint64_t written = 0;  // download bytes in the file
  bool write_failed = false;
  char errbuf[CURL_ERROR_SIZE] = {};
};

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* a = static_cast<Active*>(user);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    a->response.headers.clear();  // a new response (after 100-continue or an auth round)
  } else if (auto colon = line.find(':'); colon != std::string::npos) {
    std::string name = detail::ascii_lower(trim(line.substr(0, colon)));
    std::string value = trim(line.substr(colon + 1));
    auto [it, inserted] = a->response.headers.emplace(name, value);
    if (!inserted) it->second += ", " + value;
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* a = static_cast<Active*>(user);
  size_t n = size * count;
  if (a->job->download != nullptr) {
    long status = 0;
    curl_easy_getinfo(a->easy.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300) {  // an error or redirect body is kept in memory
      if (a->written + n > a->job->download->max_bytes) {
        a->too_large = true;
        return 0;
      }
      if (!a->job->download->file.write(data, n)) {
        a->write_failed = true;
        return 0;
      }
      a->written += n;
      return n;
    }
  }
  if (a->response.body.size() + n > a->max_body) {
    a->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  a->response.body.append(data, n);
  return n;
}

TransportError classify(CURLcode code, bool too_large) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return TransportError::timeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING: return TransportError::connect;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE: return TransportError::tls;
    case CURLE_FILESIZE_EXCEEDED: return TransportError::too_large;
    case CURLE_WRITE_ERROR: return too_large ? TransportError::too_large : TransportError::other;
    case CURLE_PARTIAL_FILE: return TransportError::truncated;
    case CURLE_UNSUPPORTED_PROTOCOL: return TransportError::refused;
    default: return TransportError::other;
  }
}

bool retryable(TransportError e) {
  return e == TransportError::timeout || e == TransportError::connect ||
         e == TransportError::truncated || e == TransportError::other;
}

// A request that may be repeated without changing the outcome (RFC 9110 9.2.2).
bool idempotent(const std::string& method) { return method != "POST"; }

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  std::shared_ptr<HttpCache> cache;
  std::unique_ptr<CURLM, MultiDeleter> multi;
  std::unique_ptr<CURLSH, ShareDeleter> share;

  std::mutex queue_mutex;
  std::deque<std::unique_ptr<Job>> queue;
  bool stopping = false;
  std::thread worker;

  std::mutex host_mutex;
  std::map<std::string, TimePoint> host_blocked_until;
  // Hosts that could not be reached at all (DNS failure, connection refused)
  // after retries: later requests to them fail at once with the same reason, so
  // a run without network reports every lookup quickly instead of waiting out
  // the resolver and the retries once per request.
  std::map<std::string, std::string> unreachable_hosts;

  std::atomic<unsigned long long> requests{0}, not_modified{0}, retries{0}, rate_limited{0},
      bytes{0};

  versiond::Clock& clock;

  // Tells the observer of one transfer: its status and the host's rate-limit budget.
  void report(const std::string& host, const Response& r) const {
    options.observer->on_response(host, r.status);
    for (const char* name : {"x-ratelimit-remaining", "ratelimit-remaining"}) {
      const std::string value = r.header(name);
      long remaining = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), remaining);
      if (!value.empty() && ec == std::errc() && end == value.data() + value.size()) {
        options.observer->on_rate_limit_remaining(host, remaining);
        return;
      }
    }
  }

  Impl(HttpOptions opts, std::shared_ptr<HttpCache> c, versiond::Clock& clk)
      : options(std::move(opts)), cache(std::move(c)), clock(clk) {
    global_init();
    multi.reset(curl_multi_init());
    share.reset(curl_share_init());
    // The share handle is used by the transfer thread only, so it needs no lock callbacks.
    curl_share_setopt(share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, options.max_connections_per_host);
    curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_total_connections);
    curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    worker = std::thread([this] { run(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(queue_mutex);
      stopping = true;
    }
    curl_multi_wakeup(multi.get());
    worker.join();
  }

  // Transfer thread: owns the multi handle, never blocks on anything but curl_multi_poll.
  void run() {
    std::map<CURL*, std::unique_ptr<Active>> active;
    for (;;) {
      std::deque<std::unique_ptr<Job>> incoming;
      {
        std::lock_guard lock(queue_mutex);
        if (stopping) break;
        incoming.swap(queue);
      }
      for (auto& job : incoming) start(std::move(job), active);
      int running = 0;
      curl_multi_perform(multi.get(), &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        auto it = active.find(msg->easy_handle);
        if (it == active.end()) continue;
        finish(*it->second, msg->data.result);
        curl_multi_remove_handle(multi.get(), msg->easy_handle);
        active.erase(it);
      }
      curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr);
    }
    for (auto& [easy, a] : active) {
      curl_multi_remove_handle(multi.get(), easy);
      Response r;
      r.transport = TransportError::other;
      r.error = "HTTP client shut down before the transfer finished";
      a->job->done.set_value(std::move(r));
    }
    std::lock_guard lock(queue_mutex);
    for (auto& job : queue) {
      Response r;
      r.transport = TransportError::other;
      r.error = "HTTP client shut down before the transfer started";
      job->done.set_value(std::move(r));
    }
  }

  void start(std::unique_ptr<Job> job, std::map<CURL*, std::unique_ptr<Active>>& active) {
    auto a = std::make_unique<Active>();
    a->job = std::move(job);
    a->easy.reset(curl_easy_init());
    a->max_body = options.max_body_bytes;
    CURL* e = a->easy.get();
    for (const auto& [name, value] : a->job->headers) {
      std::string line = name;
      line += ": ";
      line += value;
      a->header_list.reset(curl_slist_append(a->header_list.release(), line.c_str()));
    }
    curl_easy_setopt(e, CURLOPT_URL, a->job->url.c_str());
    if (a->job->method == "GET") {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, a->job->method.c_str());
      if (!a->job->body.empty() || a->job->method != "DELETE") {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(a->job->body.size()));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, a->job->body.c_str());
      }
    }
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // redirects are checked in fetch()
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(body_cap(*a)));
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_bundle.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_bundle.c_str());
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_SHARE, share.get());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, a->header_list.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, a.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, a.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, a->errbuf);
    curl_multi_add_handle(multi.get(), e);
    active.emplace(e, std::move(a));
  }

  // The most body bytes a transfer may bring.
  std::uint64_t body_cap(const Active& a) const {
    return a.job->download != nullptr ? a.job->download->max_bytes : options.max_body_bytes;
  }

  void finish(Active& a, CURLcode code) {
    Response r = std::move(a.response);
    r.url = a.job->url;
    if (code == CURLE_OK) {
      curl_easy_getinfo(a.easy.get(), CURLINFO_RESPONSE_CODE, &r.status);
    } else {
      r.status = 0;
      r.body.clear();
      r.transport = classify(code, a.too_large);
      r.host_unreachable = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT;
      if (r.transport == TransportError::too_large) {
        r.error = "response larger than " + std::to_string(body_cap(a)) + " bytes";
      } else if (a.write_failed) {
        r.error = "cannot write " + a.job->download->file.path().string();
      } else {
        std::string detail = a.errbuf[0] ? std::string(a.errbuf) : curl_easy_strerror(code);
        r.error = redact(detail);
      }
    }
    a.job->done.set_value(std::move(r));
  }

  Response transfer(const std::string& method, const std::string& url,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& body, DownloadTarget* download) {
    auto job = std::make_unique<Job>();
    job->download = download;
    job->url = url;
    job->method = method;
    job->body = body;
    job->headers = headers;
    auto future = job->done.get_future();
    {
      std::lock_guard lock(queue_mutex);
      queue.push_back(std::move(job));
    }
    // Elapsed time for the log line only (a measurement, not a date: the
    // injectable clock stays out of it so a pinned clock still logs real times).
    const auto started = std::chrono::steady_clock::now();
    curl_multi_wakeup(multi.get());
    Response r = future.get();
    ++requests;
    bytes += r.body.size();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    spdlog::info("{} {} -> {}{} {} ms{}", method, redact(url), r.status == 0 ? "failed" : "",
                 r.status == 0 ? std::string() : std::to_string(r.status), ms,
                 r.status == 304   ? " (not modified: cached copy)"
                 : r.error.empty() ? ""
                                   : " " + r.error);
    return r;
  }

  // "" when allowed, else why not.
  std::string refuse_reason(const std::string& url) const {
    const auto parts = Url::parse(url);
    if (!parts) return "refusing a URL that does not parse";
    if (parts->scheme() == "https") return {};
    if (parts->scheme() == "http") {
      if (options.plain_http_hosts.count(parts->host())) return {};
      return "refusing plain http:// to " + parts->host() +
             " (only https, or hosts listed as plain-http allowed)";
    }
    return "refusing URL scheme '" + parts->scheme() + "' (only https)";
  }

  std::chrono::milliseconds backoff(int attempt) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    auto ceiling = options.backoff_base.count() * (1LL << std::min(attempt, 16));
    ceiling = std::min<long long>(ceiling, options.backoff_max.count());
    // "Equal jitter": half fixed, half random, so retries of many callers spread out.
    std::uniform_int_distribution<long long> dist(ceiling / 2, std::max(ceiling / 2, ceiling));
    return std::chrono::milliseconds(dist(rng));
  }

  void block_host(const std::string& host, TimePoint until) {
    std::lock_guard lock(host_mutex);
    auto& slot = host_blocked_until[host];
    slot = std::max(slot, until);
  }

  std::optional<TimePoint> blocked(const std::string& host) {
    std::lock_guard lock(host_mutex);
    auto it = host_blocked_until.find(host);
    if (it == host_blocked_until.end() || it->second <= clock.now()) return std::nullopt;
    return it->second;
  }

  void mark_unreachable(const std::string& host, const std::string& why) {
    std::lock_guard lock(host_mutex);
    unreachable_hosts.emplace(host, why);
  }

  std::optional<std::string> unreachable(const std::string& host) {
    std::lock_guard lock(host_mutex);
    auto it = unreachable_hosts.find(host);
    if (it == unreachable_hosts.end()) return std::nullopt;
    return it->second;
  }

  Response fetch(const Request& request) { return send(request, "GET", {}); }

  Response send(const Request& request, const std::string& method, const std::string& body,
                DownloadTarget* download = nullptr) {
    std::string url = request.url;
    auto headers = request.headers;
    const bool get = method == "GET";
    const bool cacheable = get && request.cacheable;
    std::optional<CachedEntry> cached;
    if (cache && cacheable) cached = cache->get(url);
    if (cached) {  // a validator unfit for a header is dropped: the request goes unconditional
      if (!cached->etag.empty() && safe_header(cached->etag))
        headers.emplace_back("If-None-Match", cached->etag);
      if (!cached->last_modified.empty() && safe_header(cached->last_modified))
        headers.emplace_back("If-Modified-Since", cached->last_modified);
    }
    // A line break in a header would let whoever supplied the value (a token
    // file, a registry's token service, a cached ETag) add headers or a second
    // request. Such a request is not sent; the value is never echoed.
    for (const auto& [name, value] : headers) {
      if (!safe_header(name) || !safe_header(value)) {
        Response r;
        r.url = url;
        r.transport = TransportError::refused;
        r.error = "refusing to send header '" + (safe_header(name) ? name : std::string("?")) +
                  "': it contains a line break or control character";
        return r;
      }
    }
    int attempt = 0;
    int redirects = 0;
    for (;;) {
      if (auto why = refuse_reason(url); !why.empty()) {
        Response r;
        r.url = url;
        r.transport = TransportError::refused;
        r.error = why;
        return r;
      }
      const Url parsed = *Url::parse(url);  // refuse_reason() rejected what does not parse
      const std::string& host = parsed.host();
      if (auto until = blocked(host)) {
        auto wait = *until - clock.now();
        if (wait > options.max_rate_limit_wait) {
          ++rate_limited;
          Response r;
          r.url = url;
          r.rate_limited_until = until;
          r.error = "rate limited until " + format_utc(*until);
          return r;
        }
        clock.sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
      }
      const std::string authority = parsed.authority();  // host:port
      if (auto why = unreachable(authority)) {
        Response r;
        r.url = url;
        r.transport = TransportError::connect;
        r.host_unreachable = true;
        r.error = *why;
        return r;
      }
      if (download != nullptr && !download->file.truncate()) {  // a retry starts over
        Response r;
        r.url = url;
        r.transport = TransportError::other;
        r.error = "cannot write " + download->file.path().string();
        return r;
      }
      Response r = transfer(method, url, headers, body, download);
      if (options.observer) report(authority, r);
      if (r.status == 0) {
        if (r.host_unreachable && attempt >= options.max_retries) {
          mark_unreachable(authority, r.error);
        }
        // A POST is repeated only when it cannot have reached the server.
        const bool may_repeat = idempotent(method) || r.host_unreachable;
        if (retryable(r.transport) && may_repeat && attempt < options.max_retries) {
          ++retries;
          auto wait = backoff(attempt++);
          spdlog::debug("retrying {} in {} ms after: {}", redact(url), wait.count(), r.error);
          clock.sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
          continue;
        }
        return r;
      }
      if (r.status == 304 && cached) {
        ++not_modified;
        if (options.observer) options.observer->on_not_modified(authority);
        r.status = 200;
        r.body = cached->body;
        r.not_modified_from_cache = true;
        return r;
      }
      if (get && is_redirect(r.status) && !r.header("location").empty()) {
        if (++redirects > options.max_redirects) {
          r.error = "too many redirects";
          return r;
        }
        std::string next = resolve_url(url, r.header("location"));
        if (url_origin(next) != parsed.origin()) {
          // Credentials are for the original origin (scheme, host and port) only.
          std::erase_if(headers, [](const auto& h) {
            return detail::ascii_lower(h.first) == "authorization";
          });
        }
        // Conditional headers describe the original URL's cached copy.
        std::erase_if(headers, [](const auto& h) {
          auto n = detail::ascii_lower(h.first);
          return n == "if-none-match" || n == "if-modified-since";
        });
        cached.reset();
        url = next;
        continue;
      }
      auto now = clock.now();
      if (auto until = detail::rate_limited_until(r, now)) {
        block_host(host, *until);
        if (*until - now <= options.max_rate_limit_wait && attempt < options.max_retries) {
          ++retries;
          ++attempt;
          continue;  // the host block above makes the next turn wait
        }
        ++rate_limited;
        r.rate_limited_until = until;
        spdlog::warn("{} rate-limited us until {}", host, format_utc(*until));
        return r;
      }
      if (r.status >= 500 && idempotent(method) && attempt < options.max_retries) {
        ++retries;
        auto wait = backoff(attempt++);
        spdlog::debug("retrying {} in {} ms after HTTP {}", redact(url), wait.count(), r.status);
        clock.sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
        continue;
      }
      if (r.ok()) {
        // GitHub: the last request of the window succeeded; later ones must not be sent.
        if (r.header("x-ratelimit-remaining") == "0") {
          Response exhausted;
          exhausted.status = 403;
          exhausted.headers = r.headers;
          if (auto t = detail::rate_limited_until(exhausted, now)) block_host(host, *t);
        }
        if (cache && cacheable && url == request.url) {
          CachedEntry entry{r.header("etag"), r.header("last-modified"), {}};
          if (!entry.etag.empty() || !entry.last_modified.empty()) {
            entry.body = r.body;
            cache->put(url, entry);
          }
        }
      }
      return r;
    }
  }
};

HttpClient::HttpClient(HttpOptions options, std::shared_ptr<HttpCache> cache, Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(cache), clock)) {}

HttpClient::~HttpClient() = default;

Response HttpClient::fetch(const Request& request) { return impl_->fetch(request); }

Response HttpClient::download(const Request& request, const std::filesystem::path& to,
                              std::uint64_t max_bytes) {
  NewFile file(to);
  DownloadTarget target{file, max_bytes};
  Request uncached = request;
  uncached.cacheable = false;
  Response r = impl_->send(uncached, "GET", {}, &target);
  if (r.ok()) file.keep();  // else the file goes with `file`
  return r;
}

Response HttpClient::post(const Request& request, const std::string& body) {
  return impl_->send(request, "POST", body);
}

Response HttpClient::send(const Request& request, const std::string& method,
                          const std::string& body) {
  return impl_->send(request, method, body);
}

HttpCounters HttpClient::counters() const {
  return {impl_->requests.load(), impl_->not_modified.load(), impl_->retries.load(),
          impl_->rate_limited.load(), impl_->bytes.load()};
}

const HttpOptions& HttpClient::options() const noexcept { return impl_->options; }

Clock& HttpClient::clock() const noexcept { return impl_->clock; }

}  // namespace versiond::net
