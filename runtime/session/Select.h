// TensorFlow tensor names and how Session::Run picks a signature for a
// request (the rule is stated in tfcc/session.h).
#ifndef TFCC_RUNTIME_SESSION_SELECT_H
#define TFCC_RUNTIME_SESSION_SELECT_H

#include "tfcc/abi.h"
#include "tfcc/model.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace tfcc::session {

// Whether a name from the model's tables and a requested name are the same
// tensor: "x" and "x:0" are.
bool SameName(const char *table_name, const std::string &name);

// Index of `name` among the tensors, -1 when absent.
int FindTensor(const tfcc_tensor_info *tensors, int count,
               const std::string &name);

// The names of a request without copying them: a vector of names, or the
// names of a vector of (name, value) pairs.
class NameList {
public:
  NameList(const std::vector<std::string> &names)
      : base_(reinterpret_cast<const char *>(names.data())),
        stride_(sizeof(std::string)), size_(names.size()) {}
  template <typename T>
  NameList(const std::vector<std::pair<std::string, T>> &pairs)
      : base_(pairs.empty() ? nullptr
                            : reinterpret_cast<const char *>(&pairs[0].first)),
        stride_(sizeof(std::pair<std::string, T>)), size_(pairs.size()) {}

  size_t size() const { return size_; }
  const std::string &operator[](size_t i) const {
    return *reinterpret_cast<const std::string *>(base_ + i * stride_);
  }

private:
  const char *base_;
  size_t stride_;
  size_t size_;
};

// The signature Session::Run runs for these names. Allocates nothing when
// it finds one; otherwise the error names the unknown tensor or says what
// the closest signature lacks.
Status SelectSignature(const tfcc_model_info &model, NameList feeds,
                       NameList fetches, NameList targets, int *index);

} // namespace tfcc::session

#endif // TFCC_RUNTIME_SESSION_SELECT_H
