// The result of a checkpoint operation: OK, or one message that names the
// file and the tensor concerned. Nothing in tfcc_checkpoint throws.
#ifndef TFCC_RUNTIME_CHECKPOINT_STATUS_H
#define TFCC_RUNTIME_CHECKPOINT_STATUS_H

#include <string>
#include <utility>

namespace tfcc::checkpoint {

class [[nodiscard]] Status {
public:
  Status() = default;
  static Status error(std::string message) {
    Status s;
    s.ok_ = false;
    s.message_ = std::move(message);
    return s;
  }

  bool ok() const { return ok_; }
  const std::string &message() const { return message_; }

private:
  bool ok_ = true;
  std::string message_;
};

} // namespace tfcc::checkpoint

// Returns early with the status of `expr` when it is an error.
#define TFCC_CKPT_RETURN_IF_ERROR(expr)                                        \
  do {                                                                         \
    ::tfcc::checkpoint::Status _tfcc_status = (expr);                          \
    if (!_tfcc_status.ok())                                                    \
      return _tfcc_status;                                                     \
  } while (0)

#endif // TFCC_RUNTIME_CHECKPOINT_STATUS_H
