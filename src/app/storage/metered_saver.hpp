// A flags::Saver that keeps how much main-thread time its saves took so far:
// the number the 18.4.2 lesson compares (the worker takes the store off the
// main thread; saving on the loop does it all there).
#pragma once

#include "app/storage/main_thread_cost.hpp"
#include "flags/saver.hpp"

namespace coflags::app {

class MeteredSaver : public flags::Saver {
 public:
  virtual const MainThreadCost& main_thread_cost() const = 0;
};

}  // namespace coflags::app
