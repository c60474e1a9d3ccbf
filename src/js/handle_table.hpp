// HandleTable<T>: values that JavaScript refers to by a 32-bit id while C++
// owns them (a fetch in flight, a Future waiting on a JS promise). As
// sokol_fetch's pool: the id is the slot's index plus a generation, so an id
// that JS hands back late (after its value was taken or the slot reused)
// finds nothing instead of someone else's value. Platform-free.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace coflags::js {

template <class T>
class HandleTable {
 public:
  // Low 16 bits: index + 1 (0 is never an id); high 16 bits: generation.
  static constexpr std::uint32_t kIndexBits = 16;
  static constexpr std::uint32_t kIndexMask = (1u << kIndexBits) - 1;

  std::uint32_t insert(T value) {
    std::uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      if (slots_.size() >= kIndexMask) throw std::runtime_error("too many calls pending in JavaScript");
      index = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    Slot& slot = slots_[index];
    slot.value = std::move(value);
    ++size_;
    return id_of(index);
  }

  // The value under `id`, or null if the id is stale or unknown.
  T* find(std::uint32_t id) {
    std::uint32_t index = id & kIndexMask;
    if (index == 0 || index > slots_.size()) return nullptr;
    Slot& slot = slots_[index - 1];
    if (!slot.value || (slot.generation & kIndexMask) != (id >> kIndexBits)) return nullptr;
    return &*slot.value;
  }

  // Removes and returns the value; the id is dead from now on.
  std::optional<T> take(std::uint32_t id) {
    T* value = find(id);
    if (!value) return std::nullopt;
    std::uint32_t index = (id & kIndexMask) - 1;
    Slot& slot = slots_[index];
    std::optional<T> out = std::move(slot.value);
    slot.value.reset();
    ++slot.generation;
    free_.push_back(index);
    --size_;
    return out;
  }

  // The ids of every live value (to abort or fail them all).
  std::vector<std::uint32_t> ids() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].value) out.push_back(id_of(i));
    return out;
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint32_t generation = 0;
    std::optional<T> value;
  };

  std::uint32_t id_of(std::uint32_t index) const {
    return ((slots_[index].generation & kIndexMask) << kIndexBits) | (index + 1);
  }

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t size_ = 0;
};

}  // namespace coflags::js
