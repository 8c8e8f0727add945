// core/result.h — Istmo's error vocabulary: ErrorCode, Error, Result<T> and Status.
//
// A public function that can fail returns Result<T> (a value or an Error) or Status
// (= Result<void>). Bad outside input is the normal case (corrupt NMEA sentences, bad import
// lines), so failures are return values, cheap and visible in signatures. Exceptions are used
// only at the edges (adapters around throwing libraries), never across a module header.
//
// Result copies the member names of std::expected (has_value, value, error, operator*,
// operator->, value_or) so that it can become an alias of std::expected<T, Error> once the
// toolchain has it, without touching call sites.
//
//   core::Result<Vessel> v = Load(id);
//   if (!v) return v.error();                 // Error converts to any Result<U>
//   ISTMO_ASSIGN_OR_RETURN(auto vessel, Load(id));
//   ISTMO_RETURN_IF_ERROR(Save(vessel));
//
// Thread-safety: values, no shared state.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace istmo::core {

// Canonical error codes. The HTTP status and CLI exit code of each are fixed (HttpStatus,
// ExitCode below) so that the API and the CLI speak of the same failure the same way.
enum class ErrorCode : std::uint8_t {
  kInvalidArgument,   // bad input: a field, a line, a file
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // authenticated but not allowed
  kNotFound,          // absent, or hidden by releasability (deny by default leaks nothing)
  kConflict,          // already exists, or a concurrent change won
  kUnavailable,       // temporarily cannot serve (busy database); retry later
  kResourceExhausted, // a quota or rate limit was hit (login attempts); retry later
  kTooLarge,          // the input is bigger than the limit that bounds its cost (photo pixels)
  kDataLoss,          // stored data is corrupt (broken audit chain, bad file)
  kInternal,          // a bug or an unexpected failure of a dependency
};

// "invalid_argument", "not_found", ... as used in the API's JSON errors.
std::string_view ErrorCodeName(ErrorCode code);
// 400, 401, 403, 404, 409, 503, 429, 413, 500.
int HttpStatus(ErrorCode code);
// sysexits: 65 (data error, also for kTooLarge), 77 (no permission), 66 (no input),
// 69 (unavailable), 75 (temporary failure), 70 (software).
int ExitCode(ErrorCode code);

// What went wrong, for a person: the message says what is wrong and what was expected; field
// names the JSON pointer or column when known, line the 1-based input line when known.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::int64_t line = 0;
  // Optional: a stable machine code ("no_face", "unknown_country") and its parameters, for
  // clients that show the error in the user's language; the message stays the English text.
  // Empty when the message is all there is.
  std::string reason;
  std::vector<std::pair<std::string, std::string>> params;

  // "invalid_argument: line 3: field /name: must not be empty"
  std::string ToString() const;
};

// Short constructors: core::InvalidArgument("must not be empty", "/name").
Error InvalidArgument(std::string message, std::string field = {}, std::int64_t line = 0);
Error Unauthenticated(std::string message);
Error PermissionDenied(std::string message);
Error NotFound(std::string message, std::string field = {});
Error Conflict(std::string message, std::string field = {});
Error Unavailable(std::string message);
Error ResourceExhausted(std::string message);
Error TooLarge(std::string message, std::string field = {});
Error DataLoss(std::string message);
Error Internal(std::string message);

// `error` with its machine reason and parameters set (see Error::reason).
Error WithReason(Error error, std::string reason,
                 std::vector<std::pair<std::string, std::string>> params = {});

// Aborts with file and line in every build: a bug is not an error.
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result()
    requires std::is_default_constructible_v<T>
      : storage_(std::in_place_index<0>) {}
  Result(const T& value) : storage_(std::in_place_index<0>, value) {}      // NOLINT
  Result(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <class U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Error> &&
             !std::is_same_v<std::decay_t<U>, Result<T>>)
  Result(U&& value) : storage_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool has_value() const noexcept { return storage_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { Check(); return std::get<0>(storage_); }
  const T& value() const& { Check(); return std::get<0>(storage_); }
  T&& value() && { Check(); return std::get<0>(std::move(storage_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(storage_) : static_cast<T>(std::forward<U>(fallback));
  }

  const Error& error() const& {
    if (has_value()) CheckFailed("!has_value()", __FILE__, __LINE__);
    return std::get<1>(storage_);
  }
  Error&& error() && {
    if (has_value()) CheckFailed("!has_value()", __FILE__, __LINE__);
    return std::get<1>(std::move(storage_));
  }

 private:
  void Check() const {
    if (!has_value()) {
      std::fprintf(stderr, "Result::value() on error: %s\n",
                   std::get<1>(storage_).ToString().c_str());
      CheckFailed("has_value()", __FILE__, __LINE__);
    }
  }
  std::variant<T, Error> storage_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (error_) CheckFailed("has_value()", __FILE__, __LINE__);
  }
  const Error& error() const& {
    if (!error_) CheckFailed("!has_value()", __FILE__, __LINE__);
    return *error_;
  }
  Error&& error() && {
    if (!error_) CheckFailed("!has_value()", __FILE__, __LINE__);
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

}  // namespace istmo::core

#define ISTMO_INTERNAL_CONCAT2(a, b) a##b
#define ISTMO_INTERNAL_CONCAT(a, b) ISTMO_INTERNAL_CONCAT2(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define ISTMO_RETURN_IF_ERROR(...) \
  ISTMO_INTERNAL_RETURN_IF_ERROR(ISTMO_INTERNAL_CONCAT(istmo_status_, __COUNTER__), __VA_ARGS__)
#define ISTMO_INTERNAL_RETURN_IF_ERROR(tmp, ...)                 \
  do {                                                           \
    auto&& tmp = (__VA_ARGS__);                                  \
    if (!tmp.has_value()) return std::move(tmp).error();         \
  } while (false)

// ISTMO_ASSIGN_OR_RETURN(auto v, Load()); declares v, or returns Load()'s error. The expression
// may contain commas; the left-hand side may not (use auto).
#define ISTMO_ASSIGN_OR_RETURN(lhs, ...)                                                  \
  ISTMO_INTERNAL_ASSIGN_OR_RETURN(ISTMO_INTERNAL_CONCAT(istmo_result_, __COUNTER__), lhs, \
                                  __VA_ARGS__)
#define ISTMO_INTERNAL_ASSIGN_OR_RETURN(tmp, lhs, ...)  \
  auto tmp = (__VA_ARGS__);                             \
  if (!tmp.has_value()) return std::move(tmp).error();  \
  lhs = std::move(tmp).value()

// Aborts with the expression, file and line when `cond` is false, in every build.
#define ISTMO_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::istmo::core::CheckFailed(#cond, __FILE__, __LINE__))
