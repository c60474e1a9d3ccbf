#include "session/storage_problem.hpp"

namespace coflags::session {
namespace {

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

std::string storage_problem(const std::string& error) {
  std::string why;
  if (has(error, "QuotaExceeded") || has(error, "quota"))
    why = "this browser's storage for the page is full (quota exceeded)";
  else if (has(error, "blocked"))
    why = "another tab holds the flag database open in an older version; close it and reload";
  else if (has(error, "worker") || has(error, "idb_worker.js"))
    why = "the storage worker (idb_worker.js) could not run: " + error;
  else if (has(error, "IndexedDB unavailable") || has(error, "cannot open IndexedDB"))
    why = "this browser does not let the page use IndexedDB here (a private window?)";
  else why = "saving failed: " + error;
  return "Not kept: " + why + ". The flags are shown but not stored in this browser.";
}

}  // namespace coflags::session
