// Party keys: one key for the spellings of one company, different keys for different ones.
#include "canal/parties.h"

#include <gtest/gtest.h>

namespace istmo::canal {
namespace {

TEST(PartyKey, LinksSpellingsAcrossCaseAccentsPunctuationAndLegalForms) {
  const std::string key = PartyKey("Café Exportadora, S.A.");
  EXPECT_EQ(key, "cafe exportadora");
  for (const char* spelling :
       {"CAFE EXPORTADORA SA", "Cafe  Exportadora S. A.", "café exportadora s.a. de c.v.",
        "Cafe-Exportadora LTDA", "CAFÉ EXPORTADORA, S.A", "cafe exportadora"}) {
    EXPECT_EQ(PartyKey(spelling), key) << spelling;
  }
}

TEST(PartyKey, DropsEnglishLegalFormsAndSpellsOutAbbreviations) {
  EXPECT_EQ(PartyKey("Global Imports LLC"), "global imports");
  EXPECT_EQ(PartyKey("GLOBAL IMPORTS, INC."), "global imports");
  EXPECT_EQ(PartyKey("Ocean Trading Co., Ltd."), "ocean trading");
  EXPECT_EQ(PartyKey("The Ocean Trading Company"), "ocean trading");
  EXPECT_EQ(PartyKey("Acme Intl Corp"), "acme international");
  EXPECT_EQ(PartyKey("ACME INTERNATIONAL CORPORATION"), "acme international");
  EXPECT_EQ(PartyKey("Smith & Co."), "smith");
  EXPECT_EQ(PartyKey("Cia. Naviera Hnos."), "compania naviera hermanos");
}

TEST(PartyKey, KeepsDifferentCompaniesApart) {
  EXPECT_NE(PartyKey("Global Imports LLC"), PartyKey("Global Exports LLC"));
  EXPECT_NE(PartyKey("Smith & Sons"), PartyKey("Smith"));
  // A legal form alone is not dropped to nothing.
  EXPECT_EQ(PartyKey("S.A."), "s a");
  EXPECT_EQ(PartyKey("Inc"), "inc");
  EXPECT_EQ(PartyKey("***"), "");
}

TEST(AddressKey, FoldsStreetAbbreviations) {
  EXPECT_EQ(AddressKey("Av. Balboa, Edif. Plaza 12"),
            AddressKey("AVENIDA BALBOA EDIFICIO PLAZA 12"));
  EXPECT_EQ(AddressKey("1 Main Street"), AddressKey("1 main st."));
}

}  // namespace
}  // namespace istmo::canal
