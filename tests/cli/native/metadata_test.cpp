#include <gtest/gtest.h>

#include "flags/image.hpp"
#include "flags/metadata.hpp"
#include "flags/outcome.hpp"

namespace coflags::flags {
namespace {

TEST(Metadata, ParsesTheBooksFormat) {
  auto m = parse_metadata(R"({"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"})");
  EXPECT_EQ(m.country, "Brazil");
  EXPECT_EQ(m.tld_cc, ".br");
  EXPECT_EQ(m.iso_cc, "BR");
}

TEST(Metadata, MalformedInputIsAnErrorThatSaysWhy) {
  EXPECT_THROW(parse_metadata("{not json"), std::invalid_argument);
  EXPECT_THROW(parse_metadata("[1, 2]"), std::invalid_argument);
  EXPECT_THROW(parse_metadata(R"({"country": 42})"), std::invalid_argument);
  EXPECT_THROW(parse_metadata(R"({"country": ""})"), std::invalid_argument);
  try {
    parse_metadata("<html>");
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "malformed metadata.json: not valid JSON");
  }
}

TEST(Metadata, FileNamesFollowTheBook) {
  EXPECT_EQ(flag_file_name("BR"), "br.gif");
  EXPECT_EQ(flag_file_name("br", {.country = "Brazil"}), "Brazil-BR.gif");
  EXPECT_EQ(flag_file_name("US", {.country = "United States"}), "United_States-US.gif");
}

TEST(Metadata, CountryNamesCannotEscapeTheDestination) {
  EXPECT_EQ(flag_file_name("XX", {.country = "../../etc/passwd"}), ".._.._etc_passwd-XX.gif");
  EXPECT_EQ(flag_file_name("XX", {.country = ".."}), "_-XX.gif");
  EXPECT_EQ(flag_file_name("CI", {.country = "Côte d'Ivoire"}), "Côte_d'Ivoire-CI.gif");
}

TEST(Image, RecognisesImagesByMagicBytes) {
  auto bytes = [](std::string_view s) { return std::vector<std::uint8_t>(s.begin(), s.end()); };
  EXPECT_EQ(image_format(bytes("GIF89a....")), "gif");
  EXPECT_EQ(image_format(bytes("GIF87a")), "gif");
  EXPECT_EQ(image_format(bytes("\x89PNG\r\n\x1a\n....")), "png");
  EXPECT_EQ(image_format(bytes("<html><body>oops</body></html>")), "");
  EXPECT_EQ(image_format(bytes("GIF")), "");
  EXPECT_EQ(image_format({}), "");
}

TEST(Counts, EveryOutcomeLandsInItsBucket) {
  Counts c;
  for (Outcome o : {Outcome::ok, Outcome::ok, Outcome::not_found, Outcome::error, Outcome::cancelled}) c.add(o);
  EXPECT_EQ(c, (Counts{2, 1, 1, 1}));
  EXPECT_EQ(c.finished(), 5u);
  EXPECT_EQ(to_string(Outcome::not_found), "not found");
}

}  // namespace
}  // namespace coflags::flags
