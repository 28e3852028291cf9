#include "runtime/checkpoint/Inspect.h"
#include "runtime/checkpoint/Checkpoint.h"

#include <algorithm>
#include <iomanip>

namespace tfcc::checkpoint {

int inspectCheckpoint(const std::string &prefix, std::ostream &out,
                      std::ostream &err) {
  std::unique_ptr<Reader> reader;
  Status s = Reader::open(prefix, &reader);
  if (!s.ok()) {
    err << "error: " << s.message() << "\n";
    return 1;
  }
  size_t nameWidth = 0, dtypeWidth = 0, shapeWidth = 0;
  for (const EntryInfo &e : reader->entries()) {
    nameWidth = std::max(nameWidth, e.name.size());
    dtypeWidth = std::max(dtypeWidth, dtypeName(e.dtype).size());
    shapeWidth = std::max(shapeWidth, shapeString(e.shape).size());
  }
  int64_t total = 0;
  for (const EntryInfo &e : reader->entries()) {
    out << std::left << std::setw(int(nameWidth)) << e.name << "  "
        << std::setw(int(dtypeWidth)) << dtypeName(e.dtype) << "  "
        << std::setw(int(shapeWidth)) << shapeString(e.shape) << "  "
        << std::right << e.byteSize << " bytes"
        << (e.sliced ? " (partitioned)" : "") << "\n";
    total += e.byteSize;
  }
  size_t n = reader->entries().size();
  out << n << (n == 1 ? " tensor, " : " tensors, ") << total << " bytes\n";
  s = reader->checkDataFiles();
  if (!s.ok()) {
    err << "error: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

} // namespace tfcc::checkpoint
