// The hand-written model of toy_model.c, linked into the session tests, and
// helpers the tests share.
#ifndef TFCC_TEST_SESSION_TOYMODEL_H
#define TFCC_TEST_SESSION_TOYMODEL_H

#include "tfcc/session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" const tfcc_model_info toy_model;

namespace tfcc::test {

inline Tensor Floats(std::vector<int64_t> shape, std::vector<float> values) {
  return Tensor::FromVector<float>(std::move(shape), values);
}
inline Tensor Scalar(float v) { return Floats({}, {v}); }

inline std::unique_ptr<Session> OpenToy(const SessionOptions &options = {}) {
  std::unique_ptr<Session> session;
  Status s = Session::Open(toy_model, &session, options);
  EXPECT_TRUE(s.ok()) << s.message();
  return session;
}

inline std::vector<float> ReadFloats(const Session &session, const std::string &name) {
  Tensor t;
  Status s = session.ReadVariable(name, &t);
  EXPECT_TRUE(s.ok()) << s.message();
  return t.ToVector<float>();
}

// Whether `s` failed with a message containing every one of `parts`.
inline ::testing::AssertionResult FailsWith(const Status &s,
                                            std::vector<std::string> parts) {
  if (s.ok())
    return ::testing::AssertionFailure() << "succeeded";
  for (const std::string &p : parts)
    if (s.message().find(p) == std::string::npos)
      return ::testing::AssertionFailure()
             << "message \"" << s.message() << "\" lacks \"" << p << "\"";
  return ::testing::AssertionSuccess();
}

} // namespace tfcc::test

#endif // TFCC_TEST_SESSION_TOYMODEL_H
