// Why a flag could not be kept in this browser, in words a newcomer reads once:
// the IndexedDB worker's error ("QuotaExceededError: ...", "IndexedDB blocked: ...",
// a worker script that failed to load) turned into what it means for them.
#pragma once

#include <string>

namespace coflags::session {

std::string storage_problem(const std::string& error);

}  // namespace coflags::session
