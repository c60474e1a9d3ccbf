// net::parse_http_url: the one URL parser for typed base URLs, listener URLs and roots.
#include <gtest/gtest.h>

#include "net/url.hpp"

namespace {

using coflags::net::parse_http_url;

TEST(HttpUrl, TakesApartWhatTheAppAndServerWrite) {
  auto u = parse_http_url("http://127.0.0.1:8001/flags").url;
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8001);
  EXPECT_EQ(u->path, "/flags");
  auto h2 = parse_http_url("https://s3.localhost:8444").url;
  ASSERT_TRUE(h2);
  EXPECT_EQ(h2->port, 8444);
  EXPECT_EQ(h2->path, "");
  auto v6 = parse_http_url("http://[::1]:9/").url;
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->port, 9);
  auto plain = parse_http_url("https://example.org/data/flags/").url;
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->port, 0);
  EXPECT_EQ(plain->port_or_default(), 443);
  EXPECT_EQ(parse_http_url("http://[::1]/").url->port_or_default(), 80);
}

TEST(HttpUrl, SaysWhatIsWrong) {
  EXPECT_EQ(parse_http_url("").error, "the server URL is empty");
  EXPECT_EQ(parse_http_url("ftp://x").error, "the server URL must start with http:// or https://");
  EXPECT_EQ(parse_http_url("http://").error, "the server URL has no host");
  EXPECT_EQ(parse_http_url("http://host:99999/flags").error, "the server URL has a bad port");
  EXPECT_EQ(parse_http_url("http://host:/flags").error, "the server URL has a bad port");
  EXPECT_EQ(parse_http_url("http://host:8x/flags").error, "the server URL has a bad port");
  EXPECT_EQ(parse_http_url("http://u:p@host/").error, "the server URL must not contain credentials");
  EXPECT_EQ(parse_http_url("http://host/flags?x=1").error, "the server URL must not have a query or fragment");
  EXPECT_EQ(parse_http_url("http://ho st/").error, "the server URL contains spaces or control characters");
  EXPECT_EQ(parse_http_url("http://h_st/").error, "the server URL's host has invalid characters");
}

}  // namespace
