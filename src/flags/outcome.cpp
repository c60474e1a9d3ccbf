#include "flags/outcome.hpp"

#include "flags/events.hpp"

namespace coflags::flags {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::not_found: return "not found";
    case Outcome::error: return "error";
    case Outcome::cancelled: return "cancelled";
  }
  return "?";
}

std::string_view to_string(Resource resource) { return resource == Resource::metadata ? "metadata" : "flag"; }

void Counts::add(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: ++ok; break;
    case Outcome::not_found: ++not_found; break;
    case Outcome::error: ++error; break;
    case Outcome::cancelled: ++cancelled; break;
  }
}

}  // namespace coflags::flags
