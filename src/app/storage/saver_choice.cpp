#include "app/storage/saver_choice.hpp"

namespace coflags::app {

std::string_view save_where_name(SaveWhere where) { return where == SaveWhere::loop ? "loop" : "worker"; }

async::Task<void> SaverChoice::save(std::string file_name, flags::SharedBytes bytes,
                                    std::optional<flags::CountryMetadata> metadata) {
  const std::size_t to = index(chosen_);
  co_await savers_[to]->save(std::move(file_name), std::move(bytes), std::move(metadata));
  ++saves_[to];
}

}  // namespace coflags::app
