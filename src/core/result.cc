#include "core/result.h"

namespace istmo::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kResourceExhausted: return "resource_exhausted";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kDataLoss: return "data_loss";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kDataLoss:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

int ExitCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kConflict:
    case ErrorCode::kTooLarge: return 65;  // EX_DATAERR
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied: return 77;  // EX_NOPERM
    case ErrorCode::kNotFound: return 66;          // EX_NOINPUT
    case ErrorCode::kUnavailable: return 69;       // EX_UNAVAILABLE
    case ErrorCode::kResourceExhausted: return 75;  // EX_TEMPFAIL
    case ErrorCode::kDataLoss:
    case ErrorCode::kInternal: return 70;  // EX_SOFTWARE
  }
  return 70;
}

std::string Error::ToString() const {
  std::string out(ErrorCodeName(code));
  out += ": ";
  if (line > 0) out += "line " + std::to_string(line) + ": ";
  if (!field.empty()) out += "field " + field + ": ";
  out += message;
  return out;
}

Error WithReason(Error error, std::string reason,
                 std::vector<std::pair<std::string, std::string>> params) {
  error.reason = std::move(reason);
  error.params = std::move(params);
  return error;
}
Error InvalidArgument(std::string message, std::string field, std::int64_t line) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(field), line, {}, {}};
}
Error Unauthenticated(std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), {}, 0, {}, {}};
}
Error PermissionDenied(std::string message) {
  return Error{ErrorCode::kPermissionDenied, std::move(message), {}, 0, {}, {}};
}
Error NotFound(std::string message, std::string field) {
  return Error{ErrorCode::kNotFound, std::move(message), std::move(field), 0, {}, {}};
}
Error Conflict(std::string message, std::string field) {
  return Error{ErrorCode::kConflict, std::move(message), std::move(field), 0, {}, {}};
}
Error Unavailable(std::string message) {
  return Error{ErrorCode::kUnavailable, std::move(message), {}, 0, {}, {}};
}
Error ResourceExhausted(std::string message) {
  return Error{ErrorCode::kResourceExhausted, std::move(message), {}, 0, {}, {}};
}
Error TooLarge(std::string message, std::string field) {
  return Error{ErrorCode::kTooLarge, std::move(message), std::move(field), 0};
}
Error DataLoss(std::string message) {
  return Error{ErrorCode::kDataLoss, std::move(message), {}, 0, {}, {}};
}
Error Internal(std::string message) {
  return Error{ErrorCode::kInternal, std::move(message), {}, 0, {}, {}};
}

void CheckFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
  std::fflush(stderr);
  std::abort();
}

}  // namespace istmo::core
