#include <argon2.h>

#include "auth/auth.h"
#include "core/id.h"

namespace istmo::auth {

namespace {
constexpr std::uint32_t kSaltBytes = 16;
constexpr std::uint32_t kHashBytes = 32;
}  // namespace

core::Status CheckPasswordPolicy(const std::string& password) {
  if (password.size() < 10) {
    return core::InvalidArgument("a password has at least 10 characters", "/password");
  }
  if (password.size() > 256) {
    return core::InvalidArgument("a password has at most 256 characters", "/password");
  }
  return core::Ok();
}

core::Result<std::string> HashPassword(const std::string& password, const Options& options) {
  std::uint8_t salt[kSaltBytes];
  core::RandomBytes(salt, sizeof salt);
  std::size_t len = argon2_encodedlen(options.argon2_passes, options.argon2_memory_kib, 1,
                                      kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(len, '\0');
  int rc = argon2id_hash_encoded(options.argon2_passes, options.argon2_memory_kib, 1,
                                 password.data(), password.size(), salt, kSaltBytes, kHashBytes,
                                 encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return core::Internal(std::string("argon2id: ") + argon2_error_message(rc));
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  return encoded;
}

bool VerifyPassword(const std::string& encoded, const std::string& password) {
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace istmo::auth
