// Where downloaded flags go. The CLI writes files with node's async fs; the
// browser app stores them through a worker in IndexedDB; tests keep them in
// memory. A save that throws makes that flag an error (with the message);
// the run goes on.
#pragma once

#include <optional>
#include <string>

#include "async/task.hpp"
#include "flags/events.hpp"
#include "flags/metadata.hpp"

namespace coflags::flags {

class Saver {
 public:
  virtual ~Saver() = default;
  virtual async::Task<void> save(std::string file_name, SharedBytes bytes, std::optional<CountryMetadata> metadata) = 0;
};

}  // namespace coflags::flags
