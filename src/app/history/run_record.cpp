#include "app/history/run_record.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace coflags::app::history {
namespace {

using nlohmann::json;

json to_value(const RunRecord& r) {
  json spans = json::array();
  for (const RequestSpan& s : r.spans) spans.push_back({s.started_s, s.finished_s, s.outcome});
  return {{"id", r.id},
          {"started_ms", r.started_ms},
          {"server", r.server},
          {"transport", r.transport},
          {"code_count", r.code_count},
          {"concurrency", r.concurrency},
          {"metadata", r.metadata},
          {"elapsed_s", r.elapsed_s},
          {"ok", r.ok},
          {"not_found", r.not_found},
          {"error", r.error},
          {"cancelled", r.cancelled},
          {"peak_in_flight", r.peak_in_flight},
          {"long_tasks", r.long_tasks},
          {"delay_s", r.delay_s},
          {"saved_in", r.saved_in},
          {"save_main_ms", r.save_main_ms},
          {"spans", spans}};
}

template <class T>
void read(const json& v, const char* key, T& out, bool required = true) {
  auto it = v.find(key);
  if (it == v.end()) {
    if (required) throw std::invalid_argument(std::string("run record: missing \"") + key + "\"");
    return;
  }
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(std::string("run record: \"") + key + "\" has the wrong type");
  }
}

RunRecord from_value(const json& v) {
  if (!v.is_object()) throw std::invalid_argument("run record: not a JSON object");
  RunRecord r;
  read(v, "id", r.id, false);
  read(v, "started_ms", r.started_ms);
  read(v, "server", r.server);
  read(v, "transport", r.transport);
  read(v, "code_count", r.code_count);
  read(v, "concurrency", r.concurrency);
  read(v, "metadata", r.metadata, false);
  read(v, "elapsed_s", r.elapsed_s);
  read(v, "ok", r.ok);
  read(v, "not_found", r.not_found);
  read(v, "error", r.error);
  read(v, "cancelled", r.cancelled);
  read(v, "peak_in_flight", r.peak_in_flight, false);
  read(v, "long_tasks", r.long_tasks, false);
  read(v, "delay_s", r.delay_s, false);
  read(v, "saved_in", r.saved_in, false);  // runs kept before 18.4.2's choice have neither
  read(v, "save_main_ms", r.save_main_ms, false);
  if (r.concurrency < 1) throw std::invalid_argument("run record: \"concurrency\" must be at least 1");
  if (r.code_count < 0 || r.elapsed_s < 0) throw std::invalid_argument("run record: negative count or time");
  if (auto it = v.find("spans"); it != v.end()) {
    if (!it->is_array()) throw std::invalid_argument("run record: \"spans\" is not an array");
    for (const json& s : *it) {
      if (!s.is_array() || s.size() != 3 || !s[0].is_number() || !s[1].is_number() || !s[2].is_number_integer()) {
        throw std::invalid_argument("run record: a span is not [started_s, finished_s, outcome]");
      }
      r.spans.push_back({s[0].get<double>(), s[1].get<double>(), s[2].get<int>()});
    }
  }
  return r;
}

json parse(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(std::string("run history: not JSON: ") + e.what());
  }
}

}  // namespace

std::string to_json(const RunRecord& record) { return to_value(record).dump(); }

RunRecord record_from_json(const std::string& text) { return from_value(parse(text)); }

std::string export_json(const std::vector<RunRecord>& records) {
  json all = json::array();
  for (const RunRecord& r : records) all.push_back(to_value(r));
  return all.dump(1);
}

std::vector<RunRecord> import_json(const std::string& text) {
  json all = parse(text);
  if (!all.is_array()) throw std::invalid_argument("run history: expected a JSON array of runs");
  std::vector<RunRecord> out;
  for (const json& v : all) out.push_back(from_value(v));
  return out;
}

}  // namespace coflags::app::history
