// The 18.4.2 lesson's switch: flags go to the IndexedDB worker (the
// browser's run_in_executor) or are saved by synchronous work on the loop.
// The session saves through this one Saver; each save goes to the saver
// chosen when it starts, so a change during a run applies to later flags.
// Platform-free: unit-tested natively (tests/storage).
#pragma once

#include <array>
#include <string_view>

#include "app/storage/metered_saver.hpp"

namespace coflags::app {

enum class SaveWhere { worker, loop };
std::string_view save_where_name(SaveWhere where);  // "worker", "loop"

class SaverChoice final : public flags::Saver {
 public:
  SaverChoice(MeteredSaver& worker, MeteredSaver& loop) : savers_{&worker, &loop} {}

  void choose(SaveWhere where) { chosen_ = where; }
  SaveWhere chosen() const { return chosen_; }

  async::Task<void> save(std::string file_name, flags::SharedBytes bytes,
                         std::optional<flags::CountryMetadata> metadata) override;

  // Saves completed by each saver, and the main-thread time each has cost so far.
  int saves(SaveWhere where) const { return saves_[index(where)]; }
  const MainThreadCost& cost(SaveWhere where) const { return savers_[index(where)]->main_thread_cost(); }
  double main_thread_ms(SaveWhere where) const { return cost(where).total_ms(); }
  double main_thread_ms() const { return main_thread_ms(SaveWhere::worker) + main_thread_ms(SaveWhere::loop); }

 private:
  static std::size_t index(SaveWhere where) { return where == SaveWhere::loop ? 1 : 0; }

  std::array<MeteredSaver*, 2> savers_;
  std::array<int, 2> saves_{};
  SaveWhere chosen_ = SaveWhere::worker;
};

}  // namespace coflags::app
