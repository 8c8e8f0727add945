#include "biometrics/internal/template_seal.h"

#include <sodium.h>

namespace istmo::biometrics {

namespace internal {

namespace {

constexpr std::size_t kPlainBytes = sizeof(float) * kDescriptorSize;

}  // namespace

Sealed Seal(const TemplateKey& key, const std::string& template_id, const Descriptor& d) {
  Sealed s;
  s.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(s.nonce.data(), s.nonce.size());
  s.ciphertext.resize(kPlainBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      s.ciphertext.data(), &length, reinterpret_cast<const unsigned char*>(d.data()), kPlainBytes,
      reinterpret_cast<const unsigned char*>(template_id.data()), template_id.size(), nullptr,
      s.nonce.data(), key.bytes.data());
  s.ciphertext.resize(length);
  return s;
}

core::Result<Descriptor> Unseal(const TemplateKey& key, const std::string& template_id,
                                const std::vector<std::uint8_t>& nonce,
                                const std::vector<std::uint8_t>& ciphertext) {
  Descriptor d{};
  unsigned long long length = 0;
  if (nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      ciphertext.size() != kPlainBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES ||
      crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(d.data()), &length, nullptr, ciphertext.data(),
          ciphertext.size(), reinterpret_cast<const unsigned char*>(template_id.data()),
          template_id.size(), nonce.data(), key.bytes.data()) != 0 ||
      length != kPlainBytes) {
    return core::DataLoss("face template " + template_id +
                          " does not decrypt: wrong biometrics.template_key or altered row");
  }
  return d;
}

Sealed SealBytes(const TemplateKey& key, std::string_view associated,
                 std::span<const std::uint8_t> plain) {
  Sealed s;
  s.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(s.nonce.data(), s.nonce.size());
  s.ciphertext.resize(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      s.ciphertext.data(), &length, plain.data(), plain.size(),
      reinterpret_cast<const unsigned char*>(associated.data()), associated.size(), nullptr,
      s.nonce.data(), key.bytes.data());
  s.ciphertext.resize(length);
  return s;
}

core::Result<std::vector<std::uint8_t>> UnsealBytes(const TemplateKey& key,
                                                    std::string_view associated,
                                                    const std::vector<std::uint8_t>& nonce,
                                                    const std::vector<std::uint8_t>& ciphertext,
                                                    const std::string& what) {
  constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  std::vector<std::uint8_t> plain(ciphertext.size() >= kTag ? ciphertext.size() - kTag : 0);
  unsigned long long length = 0;
  if (nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES || ciphertext.size() < kTag ||
      crypto_aead_xchacha20poly1305_ietf_decrypt(
          plain.data(), &length, nullptr, ciphertext.data(), ciphertext.size(),
          reinterpret_cast<const unsigned char*>(associated.data()), associated.size(),
          nonce.data(), key.bytes.data()) != 0) {
    return core::DataLoss(what + " does not decrypt: wrong biometrics.template_key or altered row");
  }
  plain.resize(length);
  return plain;
}

}  // namespace internal

core::Result<TemplateKey> TemplateKey::FromHex(std::string_view hex) {
  TemplateKey key;
  std::size_t length = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(key.bytes.data(), key.bytes.size(), hex.data(), hex.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != key.bytes.size()) {
    return core::InvalidArgument("must be 64 hex digits (32 bytes)", "biometrics.template_key");
  }
  return key;
}

TemplateKey TemplateKey::Generate() {
  TemplateKey key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.bytes.data());
  return key;
}

}  // namespace istmo::biometrics
