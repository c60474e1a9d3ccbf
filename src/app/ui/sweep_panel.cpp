// See sweep_panel.hpp.
#include "app/ui/sweep_panel.hpp"

#include <stdexcept>

#include "app/ui/focus_ring.hpp"
#include "app/ui/panels.hpp"
#include "app/ui/theme.hpp"
#include "async/errors.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace coflags::app {

void SweepPanel::draw(const Settings& settings, bool can_start) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  focus_stop([&] { return ImGui::InputText("##sweep_list", &list_); });
  publish_last_item("sweep_list");
  ImGui::SameLine();
  ImGui::BeginDisabled(active_ || !can_start || session_.active());
  if (focus_stop([&] { return ImGui::Button("Sweep"); })) {
    try {
      std::vector<int> limits = history::parse_concurrency_list(list_);
      std::vector<int> steps = settings.code_limit > 0 ? history::sweep_steps(limits, settings.code_limit)
                                                       : history::sweep_steps(limits, 1 << 20);
      error_.clear();
      settings_ = settings;
      task_ = async::spawn(sweep(std::move(steps)));
    } catch (const std::invalid_argument& e) {
      error_ = e.what();
    }
  }
  publish_last_item("sweep_start");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!active_);
  if (focus_stop([&] { return ImGui::Button("Cancel sweep"); })) task_.cancel();
  publish_last_item("sweep_cancel");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (active_) ImGui::Text("step %d of %d", step_, steps_);
  else ImGui::TextDisabled("the same codes at each limit, one run after another (stops at the code limit)");
  if (!error_.empty()) ImGui::TextColored(to_vec4(colors::error), "%s", error_.c_str());
}

async::Task<void> SweepPanel::sweep(std::vector<int> steps) {
  active_ = true;
  step_ = 0;
  steps_ = static_cast<int>(steps.size());
  log_.add(session::loop_seconds(), session::LogLevel::info, "", "sweep: " + std::to_string(steps_) + " runs");
  try {
    co_await history::run_sweep(std::move(steps), *this, [this](const history::SweepStep& s) {
      log_.add(session::loop_seconds(), session::LogLevel::info, "",
               "sweep: limit " + std::to_string(s.concurrency) + " took " + std::to_string(s.summary.elapsed.count()) +
                   " s");
    });
    log_.add(session::loop_seconds(), session::LogLevel::ok, "", "sweep done: see the History tab");
  } catch (const async::CancelledError&) {
    log_.add(session::loop_seconds(), session::LogLevel::warn, "", "sweep cancelled");
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  active_ = false;
}

async::Task<flags::Summary> SweepPanel::run_at(int concurrency) {
  ++step_;
  Settings s = settings_;
  s.concurrency = concurrency;
  s.autostart = false;
  if (!session_.start(s))
    throw std::runtime_error("sweep: the run at limit " + std::to_string(concurrency) +
                             " did not start: " + run_.input_error);
  waiting_ = async::Future<flags::Summary>();
  waiting_valid_ = true;
  try {
    async::Future<flags::Summary> f = waiting_;
    flags::Summary summary = co_await f;
    co_return summary;
  } catch (const async::CancelledError&) {
    waiting_valid_ = false;
    session_.cancel();
    throw;
  }
}

void SweepPanel::on_run_finished() {
  if (!waiting_valid_ || waiting_.done()) return;
  waiting_valid_ = false;
  flags::Summary s;
  s.counts = {static_cast<std::size_t>(run_.counts.ok), static_cast<std::size_t>(run_.counts.not_found),
              static_cast<std::size_t>(run_.counts.error), static_cast<std::size_t>(run_.counts.cancelled)};
  s.total = static_cast<std::size_t>(run_.total);
  s.elapsed = flags::Seconds(run_.finished_s - run_.started_s);
  s.cancelled = run_.counts.cancelled > 0;
  s.peak_in_flight = run_.peak_in_flight;
  waiting_.set_result(s);
}

}  // namespace coflags::app
