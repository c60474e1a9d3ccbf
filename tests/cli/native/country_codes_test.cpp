#include <gtest/gtest.h>

#include "flags/country_codes.hpp"

namespace coflags::flags {
namespace {

TEST(CountryCodes, NoArgumentsGivesPop20Sorted) {
  auto codes = expand_country_codes({}, {});
  ASSERT_EQ(codes.size(), 20u);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_EQ(codes.front(), "BD");
  EXPECT_EQ(codes.back(), "VN");
}

TEST(CountryCodes, SingleLetterExpandsToTwentySixCodes) {
  auto codes = expand_country_codes({"b"}, {});
  ASSERT_EQ(codes.size(), 26u);
  EXPECT_EQ(codes.front(), "BA");
  EXPECT_EQ(codes.back(), "BZ");
}

TEST(CountryCodes, MixedArgumentsAreUpperCasedDeduplicatedAndSorted) {
  auto codes = expand_country_codes({"jp", "BR", "br", "z"}, {});
  ASSERT_EQ(codes.size(), 28u);
  EXPECT_EQ(codes[0], "BR");
  EXPECT_EQ(codes[1], "JP");
  EXPECT_EQ(codes[2], "ZA");
}

TEST(CountryCodes, EveryIsAllPairsAndLimitTakesTheFirstAfterSorting) {
  EXPECT_EQ(expand_country_codes({}, {.every = true}).size(), 26u * 26u);
  auto codes = expand_country_codes({}, {.every = true, .limit = 60});
  ASSERT_EQ(codes.size(), 60u);
  EXPECT_EQ(codes.front(), "AA");
  EXPECT_EQ(codes.back(), "CH");
}

TEST(CountryCodes, EveryWinsOverAllAsInTheBook) {
  CodeSelection s{.all = true, .every = true, .server_codes = {"BR"}};
  EXPECT_EQ(expand_country_codes({}, s).size(), 676u);
}

TEST(CountryCodes, AllUsesTheServerListSortedAndLimited) {
  CodeSelection s{.all = true, .limit = 2, .server_codes = {"ZW", "BR", "AD", "BR"}};
  EXPECT_EQ(expand_country_codes({}, s), (std::vector<std::string>{"AD", "BR"}));
}

TEST(CountryCodes, LimitAppliesToPop20Too) {
  EXPECT_EQ(expand_country_codes({}, {.limit = 3}), (std::vector<std::string>{"BD", "BR", "CD"}));
}

TEST(CountryCodes, InvalidArgumentsSayWhatIsAllowed) {
  for (std::string bad : {"ABC", "1", "B1", "", "é"}) {
    try {
      expand_country_codes({bad}, {});
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("must be A to Z or AA to ZZ"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(expand_country_codes({}, {.limit = 0}), UsageError);
}

TEST(CountryCodes, ParseCodeListAcceptsAnyWhitespace) {
  EXPECT_EQ(parse_code_list("AD AE\naf\t AG\r\n"), (std::vector<std::string>{"AD", "AE", "AF", "AG"}));
  EXPECT_TRUE(parse_code_list("  \n").empty());
  EXPECT_THROW(parse_code_list("AD <html>"), UsageError);
}

}  // namespace
}  // namespace coflags::flags
