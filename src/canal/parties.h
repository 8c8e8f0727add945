// canal/parties.h — the key that links a shipper, consignee or notify party across spellings.
//
// Manifests name the same company many ways ("Café Exportadora, S.A.", "CAFE EXPORTADORA SA",
// "Cafe  Exportadora S. A."). Each party is stored once per key, with an id; every manifest line
// keeps the spelling it was given and the party id, so a party's history (GET
// /api/v1/canal/parties/{id}) gathers its lines whatever the spelling. Only the name makes the
// key: a company ships from several addresses. Rules: docs/canal.md, "Party normalisation".
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace istmo::canal {

// The identity key of a party name:
//  1. Latin accents folded and ASCII lowered (core/name_key.h);
//  2. every character but a-z and 0-9 is a word break, '&' is the word "and";
//  3. common abbreviations spelled out (intl -> international, cia -> compania, mfg ->
//     manufacturing, ...), a leading "the" dropped;
//  4. legal-form suffixes dropped from the end, repeatedly (S.A., S.A. de C.V., LTDA, LLC, INC,
//     CO LTD, CORP, GMBH, ...), unless nothing else would remain;
//  5. words joined by single spaces.
// "" when the name has no letter or digit.
std::string PartyKey(std::string_view name);

// An address compared across spellings: steps 1, 2 and 5 above, with street abbreviations
// folded to one word (avenue, avenida, ave, av -> av; building, edificio, bldg, edif -> bldg).
std::string AddressKey(std::string_view address);

}  // namespace istmo::canal
