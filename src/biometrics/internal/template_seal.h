// biometrics/internal/template_seal.h — face templates sealed at rest.
//
// libsodium XChaCha20-Poly1305 (IETF) with a random 24-byte nonce per template and the
// template id as associated data, so that a ciphertext copied to another row does not open.
// sodium_init() must have run (FaceRegistry::Open does it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "biometrics/face.h"
#include "biometrics/identify.h"
#include "core/result.h"

namespace istmo::biometrics::internal {

struct Sealed {
  std::vector<std::uint8_t> nonce;
  std::vector<std::uint8_t> ciphertext;
};

Sealed Seal(const TemplateKey& key, const std::string& template_id, const Descriptor& d);

// kDataLoss naming the template when it does not open: a wrong key, or a row altered (or moved)
// behind the store's back.
core::Result<Descriptor> Unseal(const TemplateKey& key, const std::string& template_id,
                                const std::vector<std::uint8_t>& nonce,
                                const std::vector<std::uint8_t>& ciphertext);

// Bytes of any length (a face photo, its thumbnail) sealed the same way, under the same key, with
// their own random nonce and `associated` as associated data ("photo:<template id>"), so that a
// photo copied to another row, or swapped with its thumbnail, does not open.
Sealed SealBytes(const TemplateKey& key, std::string_view associated,
                 std::span<const std::uint8_t> plain);
// kDataLoss naming `what` when the bytes do not open.
core::Result<std::vector<std::uint8_t>> UnsealBytes(const TemplateKey& key,
                                                    std::string_view associated,
                                                    const std::vector<std::uint8_t>& nonce,
                                                    const std::vector<std::uint8_t>& ciphertext,
                                                    const std::string& what);

}  // namespace istmo::biometrics::internal
