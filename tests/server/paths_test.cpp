// decode_url_path and StaticRoot: the rules that keep requests inside the served roots.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "paths.hpp"

namespace fs = std::filesystem;
using coflags::server::decode_url_path;
using coflags::server::StaticRoot;

TEST(DecodeUrlPath, PlainPathsBecomeRelative) {
  EXPECT_EQ(decode_url_path("/"), "");
  EXPECT_EQ(decode_url_path("/flags/br/br.gif"), "flags/br/br.gif");
  EXPECT_EQ(decode_url_path("/flags/"), "flags/");
  EXPECT_EQ(decode_url_path("/a%20b/%62r.gif"), "a b/br.gif");
  EXPECT_EQ(decode_url_path("/C%C3%B4te.txt"), "C\xC3\xB4te.txt");
  EXPECT_EQ(decode_url_path("/.well-known/x"), ".well-known/x");
  EXPECT_EQ(decode_url_path("/a..b"), "a..b");
}

TEST(DecodeUrlPath, RefusesEveryEscape) {
  for (const char* bad : {
           "",
           "*",
           "flags/br",
           "http://host/etc/passwd",  // not origin-form
           "/..",
           "/../x",
           "/a/../../x",
           "/a/..",
           "/./x",
           "/a/./x",  // dot segments
           "/%2e%2e/x",
           "/%2E%2E/x",
           "/.%2e/x",
           "/%2e/x",  // encoded dot segments
           "/a%2fb",
           "/a%2F..%2Fb",
           "/%2f",
           "/..%5cx",
           "/a\\b",  // encoded slashes, backslashes
           "//etc/passwd",
           "/a//b",  // empty segments
           "/a%00.gif",
           "/a%0a",
           "/a%7f",
           "/a\tb",  // NUL and control bytes
           "/%",
           "/%2",
           "/%zz",
           "/%g0",  // bad escapes
       }) {
    EXPECT_FALSE(decode_url_path(bad).has_value()) << '"' << bad << '"';
  }
}

class StaticRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("coflags-paths-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(base_ / "root/br");
    fs::create_directories(base_ / "root-evil");
    fs::create_directories(base_ / "outside");
    std::ofstream(base_ / "root/br/br.gif") << "GIF89a";
    std::ofstream(base_ / "root/index.html") << "index";
    std::ofstream(base_ / "outside/secret.txt") << "secret";
    std::ofstream(base_ / "root-evil/x.txt") << "evil";
    fs::create_directory_symlink(base_ / "outside", base_ / "root/out");
    fs::create_symlink(base_ / "outside/secret.txt", base_ / "root/secret.txt");
    fs::create_symlink(base_ / "root/br/br.gif", base_ / "root/inside.gif");
    fs::create_symlink("../root-evil/x.txt", base_ / "root/evil.txt");  // shares the root's name as a prefix
  }
  void TearDown() override { fs::remove_all(base_); }
  fs::path base_;
};

TEST_F(StaticRootTest, ResolvesFilesAndIndexes) {
  StaticRoot root(base_ / "root");
  EXPECT_EQ(root.resolve("br/br.gif"), fs::canonical(base_ / "root/br/br.gif"));
  EXPECT_EQ(root.resolve(""), fs::canonical(base_ / "root/index.html"));
  EXPECT_EQ(root.resolve("inside.gif"), fs::canonical(base_ / "root/br/br.gif"));
  EXPECT_FALSE(root.resolve("br/"));  // a directory without index.html
  EXPECT_FALSE(root.resolve("zz/zz.gif"));
}

TEST_F(StaticRootTest, SymlinksOutOfTheRootAreNotFound) {
  StaticRoot root(base_ / "root");
  EXPECT_FALSE(root.resolve("out/secret.txt"));
  EXPECT_FALSE(root.resolve("secret.txt"));
  EXPECT_FALSE(root.resolve("evil.txt"));
}

TEST_F(StaticRootTest, AnEmptyRootServesNothing) {
  StaticRoot none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.resolve("br/br.gif"));
}
