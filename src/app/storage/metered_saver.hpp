// A flags::Saver that keeps how much main-thread time its saves took so far:
// the number the 18.4.2 lesson compares (the worker takes the store off the
// main thread; saving on the loop does it all there).
#pragma once

#include "flags/saver.hpp"

namespace coflags::app {

class MeteredSaver : public flags::Saver {
 public:
  virtual double main_thread_ms() const = 0;
};

}  // namespace coflags::app
