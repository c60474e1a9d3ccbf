#include "app/history/run_record.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace coflags::app::history {
namespace {

RunRecord sample() {
  RunRecord r;
  r.id = 7;
  r.started_ms = 1.7e12;
  r.server = "DELAY";
  r.transport = "sharded";
  r.code_count = 20;
  r.concurrency = 5;
  r.metadata = true;
  r.elapsed_s = 0.84;
  r.ok = 18;
  r.not_found = 1;
  r.error = 1;
  r.peak_in_flight = 5;
  r.long_tasks = 2;
  r.delay_s = 0.1;
  r.saved_in = "loop";
  r.save_main_ms = 4.5;
  r.spans = {{0.0, 0.1, 0}, {0.1, 0.25, 2}};
  return r;
}

TEST(RunRecord, JsonRoundTripKeepsEveryField) {
  RunRecord r = sample();
  EXPECT_EQ(record_from_json(to_json(r)), r);
  EXPECT_EQ(r.requests(), 40);
}

TEST(RunRecord, ExportThenImportGivesTheSameRuns) {
  RunRecord a = sample(), b = sample();
  b.id = 8;
  b.cancelled = 3;
  auto back = import_json(export_json({a, b}));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0], a);
  EXPECT_EQ(back[1], b);
  EXPECT_TRUE(back[1].was_cancelled());
}

TEST(RunRecord, ARunKeptBeforeTheSaveChoiceReadsBackWithoutIt) {
  RunRecord r = sample();
  r.saved_in.clear();
  r.save_main_ms = 0;
  std::string old = to_json(r);
  old.replace(old.find(",\"saved_in\":\"\""), 14, "");
  old.replace(old.find(",\"save_main_ms\":0.0"), 19, "");
  ASSERT_EQ(old.find("save"), std::string::npos) << old;
  EXPECT_EQ(record_from_json(old), r);
}

TEST(RunRecord, BadInputSaysWhatIsWrong) {
  auto message = [](const std::string& text) {
    try {
      record_from_json(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("{").find("not JSON"), std::string::npos);
  EXPECT_NE(message("[1]").find("not a JSON object"), std::string::npos);
  std::string no_server = to_json(sample());
  no_server.replace(no_server.find("\"server\""), 8, "\"sorver\"");
  EXPECT_NE(message(no_server).find("missing \"server\""), std::string::npos);
  std::string zero = to_json(sample());
  zero.replace(zero.find("\"concurrency\":5"), 15, "\"concurrency\":0");
  EXPECT_NE(message(zero).find("at least 1"), std::string::npos);
  EXPECT_THROW(import_json("{}"), std::invalid_argument);
}

}  // namespace
}  // namespace coflags::app::history
