#include "js/handle_table.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace coflags::js {
namespace {

TEST(HandleTable, FindsWhatWasInsertedUntilTaken) {
  HandleTable<std::string> table;
  std::uint32_t a = table.insert("a");
  std::uint32_t b = table.insert("b");
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
  ASSERT_NE(table.find(a), nullptr);
  EXPECT_EQ(*table.find(b), "b");
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.take(a), std::optional<std::string>("a"));
  EXPECT_EQ(table.find(a), nullptr);
  EXPECT_EQ(table.take(a), std::nullopt);  // a duplicate settle finds nothing
  EXPECT_EQ(table.size(), 1u);
}

TEST(HandleTable, AReusedSlotDoesNotAnswerToItsOldId) {
  HandleTable<int> table;
  std::uint32_t old_id = table.insert(1);
  table.take(old_id);
  std::uint32_t new_id = table.insert(2);
  EXPECT_EQ(new_id & HandleTable<int>::kIndexMask, old_id & HandleTable<int>::kIndexMask);  // same slot
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(table.find(old_id), nullptr);
  EXPECT_EQ(table.take(old_id), std::nullopt);
  ASSERT_NE(table.find(new_id), nullptr);
  EXPECT_EQ(*table.find(new_id), 2);
}

TEST(HandleTable, UnknownIdsFindNothing) {
  HandleTable<int> table;
  EXPECT_EQ(table.find(0), nullptr);
  EXPECT_EQ(table.find(7), nullptr);
  table.insert(1);
  EXPECT_EQ(table.find(2), nullptr);
}

TEST(HandleTable, IdsListsTheLiveOnesAndTakeReleasesMoveOnlyValues) {
  HandleTable<std::unique_ptr<int>> table;
  std::uint32_t a = table.insert(std::make_unique<int>(1));
  std::uint32_t b = table.insert(std::make_unique<int>(2));
  table.take(a);
  EXPECT_EQ(table.ids(), std::vector<std::uint32_t>{b});
  auto value = table.take(b);
  ASSERT_TRUE(value);
  EXPECT_EQ(**value, 2);
  EXPECT_TRUE(table.ids().empty());
}

}  // namespace
}  // namespace coflags::js
