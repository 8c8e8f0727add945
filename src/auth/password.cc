#include <argon2.h>  // also gives crack.h the size_t it uses without including <stddef.h>
#include <crack.h>

#include <fstream>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "auth/auth.h"
#include "core/id.h"

namespace istmo::auth {

namespace {
constexpr std::uint32_t kSaltBytes = 16;
constexpr std::uint32_t kHashBytes = 32;

// Word lists from Debian packages (scripts/install-deps): cracklib-runtime's English list,
// which also holds common passwords, names and places ("password", "dragon", "panama"), and
// wspanish's Spanish words ("contraseña", "bienvenido"), since officers are Panamanian.
// The shortest word a password's letters may reduce to and be refused for.
constexpr std::size_t kMinWordLetters = 4;

constexpr const char* kWordLists[] = {"/usr/share/dict/cracklib-small", "/usr/share/dict/spanish"};

// Lowercase, with the Spanish accented letters folded to their base ("panamá" -> "panama"), so
// that "Panamá2024" and "PANAMA2024" reduce to the same word.
std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]) | 0x20;  // Á (0x81) -> á (0xA1)
      const char* base = nullptr;
      switch (d) {
        case 0xA1: base = "a"; break;
        case 0xA9: base = "e"; break;
        case 0xAD: base = "i"; break;
        case 0xB3: base = "o"; break;
        case 0xBA: case 0xBC: base = "u"; break;
        case 0xB1: base = "n"; break;
        default: break;
      }
      if (base != nullptr) {
        out += base;
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
  }
  return out;
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; }

// The letters of a folded password, without digits, spaces and symbols: "password1234" ->
// "password", "a long password 1" -> "alongpassword".
std::string Letters(std::string_view folded) {
  std::string out;
  for (char c : folded) {
    if (IsLetter(c)) out += c;
  }
  return out;
}

// The word behind a "l33t" spelling: digits and symbols around the word dropped, those inside it
// read as the letters they imitate ("P4ssw0rd2024" -> "password").
std::string Unleet(std::string_view folded) {
  std::size_t first = 0;
  std::size_t last = folded.size();
  while (first < last && !IsLetter(folded[first])) ++first;
  while (last > first && !IsLetter(folded[last - 1])) --last;
  std::string out;
  for (char c : folded.substr(first, last - first)) {
    switch (c) {
      case '0': out += 'o'; break;
      case '1': case '!': out += 'i'; break;
      case '3': out += 'e'; break;
      case '4': case '@': out += 'a'; break;
      case '5': case '$': out += 's'; break;
      case '7': out += 't'; break;
      default:
        if (IsLetter(c)) out += c;
        break;
    }
  }
  return out;
}

struct Words {
  std::unordered_set<std::string> set;
  bool loaded = false;  // at least one list was read
};

const Words& CommonWords() {
  static const Words words = [] {
    Words w;
    for (const char* path : kWordLists) {
      std::ifstream in(path);
      if (!in) continue;
      w.loaded = true;
      for (std::string line; std::getline(in, line);) {
        if (!line.empty()) w.set.insert(Fold(line));
      }
    }
    return w;
  }();
  return words;
}

// libcrack's own judgement ("it is based on a dictionary word", "too simplistic/systematic")
// against its packed dictionary. FascistCheck keeps state between calls, so one at a time.
bool CrackLibRefuses(const std::string& password) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  const char* dict = GetDefaultCracklibDict();
  if (dict == nullptr || !std::ifstream(std::string(dict) + ".pwd")) return false;
  return FascistCheck(password.c_str(), dict) != nullptr;
}

}  // namespace

bool RejectsCommonPasswords() { return CommonWords().loaded; }

bool IsCommonPassword(const std::string& password) {
  const Words& words = CommonWords();
  const std::string folded = Fold(password);
  if (words.set.count(folded) > 0) return true;
  // A reduction to a short word ("x7#9!k2@" is "xk") says nothing: such a password's strength
  // is in what was dropped.
  for (const std::string& reduced : {Letters(folded), Unleet(folded)}) {
    if (reduced.size() >= kMinWordLetters && words.set.count(reduced) > 0) return true;
  }
  return CrackLibRefuses(password);
}

core::Status CheckPasswordPolicy(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return core::WithReason(
        core::InvalidArgument(
            "a password has at least " + std::to_string(kMinPasswordLength) + " characters",
            "/password"),
        "password_too_short", {{"min", std::to_string(kMinPasswordLength)}});
  }
  if (password.size() > kMaxPasswordLength) {
    return core::WithReason(
        core::InvalidArgument(
            "a password has at most " + std::to_string(kMaxPasswordLength) + " characters",
            "/password"),
        "password_too_long", {{"max", std::to_string(kMaxPasswordLength)}});
  }
  if (IsCommonPassword(password)) {
    return core::WithReason(
        core::InvalidArgument("this password is too common or based on a dictionary word; "
                              "use a few unrelated words or a longer phrase",
                              "/password"),
        "password_common");
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
