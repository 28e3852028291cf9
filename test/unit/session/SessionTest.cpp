// Session over the toy model linked into the test: opening, signature
// selection, every request error (each leaving the session unchanged),
// variables by name, in-place outputs and zero-copy feeds.
#include "MallocCounter.h"
#include "ToyModel.h"

#include <cstdint>
#include <cstring>

namespace tfcc::test {
namespace {

const std::vector<float> kInitW = {1, 2, 3, 4};

// Everything a request may change: the variables.
struct Snapshot {
  std::vector<float> w, b;
  int64_t step;
  explicit Snapshot(const Session &s)
      : w(ReadFloats(s, "w")), b(ReadFloats(s, "b")) {
    Tensor t;
    EXPECT_TRUE(s.ReadVariable("global_step", &t).ok());
    step = t.ToVector<int64_t>().at(0);
  }
  bool operator==(const Snapshot &o) const {
    return w == o.w && b == o.b && step == o.step;
  }
};

Feeds TrainFeeds() {
  return {{"x", Floats({4}, {1, 2, 3, 4})},
          {"label", Floats({4}, {0, 0, 0, 0})},
          {"lr", Scalar(0.1f)}};
}

TEST(SessionTest, OpenRunsInit) {
  auto session = OpenToy();
  EXPECT_EQ(ReadFloats(*session, "w"), kInitW);
  EXPECT_EQ(ReadFloats(*session, "b"), std::vector<float>{0.5f});
  EXPECT_EQ(std::string(session->model().name), "toy");
}

TEST(SessionTest, SkipInitLeavesVariablesZero) {
  SessionOptions options;
  options.run_init = false;
  auto session = OpenToy(options);
  EXPECT_EQ(ReadFloats(*session, "w"), std::vector<float>(4, 0.0f));
  // Running it by hand gives the initial values.
  std::vector<Tensor> none;
  ASSERT_TRUE(session->RunSignature("init", {}, &none).ok());
  EXPECT_EQ(ReadFloats(*session, "w"), kInitW);
}

TEST(SessionTest, RunsByFeedAndFetchNames) {
  auto session = OpenToy();
  std::vector<Tensor> out;
  Status s = session->Run({{"x", Floats({4}, {1, 1, 2, -1})}}, {"y"}, {}, &out);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].DebugString(), "float32[4]");
  EXPECT_EQ(out[0].ToVector<float>(), (std::vector<float>{1.5f, 2.5f, 6.5f, -3.5f}));
  // "x:0" is "x"; the same output fetched twice.
  s = session->Run({{"x:0", Floats({4}, {0, 0, 0, 1})}}, {"y:0", "y"}, {}, &out);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].ToVector<float>(), (std::vector<float>{0.5f, 0.5f, 0.5f, 4.5f}));
  EXPECT_EQ(out[1].ToVector<float>(), out[0].ToVector<float>());
}

TEST(SessionTest, SelectsTheSignatureTheRequestNames) {
  auto session = OpenToy();
  int index = -1;
  ASSERT_TRUE(session->FindSignature({"x"}, {"y"}, {}, &index).ok());
  EXPECT_EQ(index, session->SignatureIndex("predict"));
  ASSERT_TRUE(session->FindSignature({"x"}, {"ptrs"}, {}, &index).ok());
  EXPECT_EQ(index, session->SignatureIndex("probe"));
  ASSERT_TRUE(session->FindSignature({"x", "label", "lr"}, {"loss"}, {"train_op"}, &index).ok());
  EXPECT_EQ(index, session->SignatureIndex("train"));
  // No feeds and no fetches: both "init" (writes) and "count" (reads)
  // match; the one that leaves the variables alone wins.
  ASSERT_TRUE(session->FindSignature({}, {}, {}, &index).ok());
  EXPECT_EQ(index, session->SignatureIndex("count"));
  std::vector<Tensor> out;
  ASSERT_TRUE(session->AssignVariable("w", Floats({4}, {9, 9, 9, 9})).ok());
  ASSERT_TRUE(session->Run({}, {}, {}, &out).ok());
  EXPECT_EQ(ReadFloats(*session, "w"), std::vector<float>(4, 9.0f));
}

TEST(SessionTest, TrainsOnlyWhenItsTargetIsAsked) {
  auto session = OpenToy();
  const Snapshot before(*session);
  std::vector<Tensor> out;
  // loss comes only from "train", whose target was not asked for.
  EXPECT_TRUE(FailsWith(session->Run(TrainFeeds(), {"loss"}, {}, &out),
                        {"no signature matches", "'train'", "also runs targets [train_op]"}));
  EXPECT_TRUE(before == Snapshot(*session));

  Status s = session->Run(TrainFeeds(), {"loss", "y"}, {"train_op"}, &out);
  ASSERT_TRUE(s.ok()) << s.message();
  // y = x * w + b = [1.5, 4.5, 9.5, 16.5] before the step.
  EXPECT_EQ(out[1].ToVector<float>(), (std::vector<float>{1.5f, 4.5f, 9.5f, 16.5f}));
  EXPECT_FLOAT_EQ(out[0].ToVector<float>()[0], (1.5f * 1.5f + 4.5f * 4.5f + 9.5f * 9.5f +
                                                16.5f * 16.5f) / 4);
  const Snapshot after(*session);
  EXPECT_EQ(after.step, 1);
  EXPECT_FLOAT_EQ(after.w[3], 4 - 0.1f * 0.5f * 16.5f * 4);
  // Training lowers the loss.
  float first = out[0].ToVector<float>()[0];
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(session->Run(TrainFeeds(), {"loss"}, {"train_op"}, &out).ok());
  EXPECT_LT(out[0].ToVector<float>()[0], first / 10);
  EXPECT_EQ(Snapshot(*session).step, 21);
}

// Every malformed request fails with a message naming what is wrong, and
// leaves the variables and later runs as they were.
TEST(SessionTest, RequestErrorsNameTheTensorAndChangeNothing) {
  auto session = OpenToy();
  std::vector<Tensor> trained;
  ASSERT_TRUE(session->Run(TrainFeeds(), {"loss"}, {"train_op"}, &trained).ok());
  const Snapshot before(*session);
  Feeds train = TrainFeeds();
  struct Case {
    const char *what;
    Feeds feeds;
    std::vector<std::string> fetches, targets, message;
  };
  Feeds bad_lr = train, missing_lr(train.begin(), train.begin() + 2), twice = train;
  bad_lr[2].second = Floats({1}, {0.1f});
  twice.emplace_back("x:0", Floats({4}, {1, 2, 3, 4}));
  const std::vector<Case> cases = {
      {"unknown feed", {{"q", Floats({4}, {1, 2, 3, 4})}}, {"y"}, {},
       {"unknown feed 'q'", "the model's inputs are x, label, lr, k, v"}},
      {"unknown fetch", train, {"nope:1"}, {"train_op"},
       {"unknown fetch 'nope:1'", "outputs are y, loss, ptrs, neg, z, step"}},
      {"unknown target", train, {"loss"}, {"train_op", "save_op"},
       {"unknown target 'save_op'", "targets are train_op, set_op"}},
      {"wrong dtype", {{"x", Tensor::FromVector<int32_t>({4}, {1, 2, 3, 4})}}, {"y"}, {},
       {"feed 'x'", "expected float32[4], got int32[4]"}},
      {"wrong shape", {{"x", Floats({3}, {1, 2, 3})}}, {"y"}, {},
       {"feed 'x'", "expected float32[4], got float32[3]"}},
      {"wrong scalar shape", bad_lr, {"loss"}, {"train_op"},
       {"feed 'lr'", "expected float32[], got float32[1]"}},
      {"missing feed", missing_lr, {"loss"}, {"train_op"},
       {"'train'", "needs feeds [lr] that were not given"}},
      {"feed twice", twice, {"loss"}, {"train_op"}, {"feed 'x:0' is given twice"}},
      {"invalid tensor", {{"x", Tensor()}}, {"y"}, {},
       {"feed 'x'", "got invalid tensor"}},
      {"feeds of two signatures", {{"x", Floats({4}, {1, 2, 3, 4})},
                                   {"v", Tensor::FromVector<int32_t>({4}, {1, 2, 3, 4})}},
       {"y"}, {}, {"no signature matches feeds [x, v]", "does not take feeds [v]"}},
  };
  for (const Case &c : cases) {
    std::vector<Tensor> out(1, Floats({2}, {7, 7}));
    Status s = session->Run(c.feeds, c.fetches, c.targets, &out);
    EXPECT_TRUE(FailsWith(s, c.message)) << c.what;
    EXPECT_EQ(s.code(), TFCC_INVALID_ARGUMENT) << c.what;
    EXPECT_TRUE(before == Snapshot(*session)) << c.what;
    // Validation failures do not touch the caller's outputs either.
    ASSERT_EQ(out.size(), 1u) << c.what;
    EXPECT_EQ(out[0].ToVector<float>(), (std::vector<float>{7, 7})) << c.what;
  }
  std::vector<Tensor> out;
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {1, 1, 1, 1})}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>()[3], before.w[3] + before.b[0]);
}

TEST(SessionTest, RunsSignaturesByNameAndIndex) {
  auto session = OpenToy();
  std::vector<Tensor> out;
  // By name: every output in the model's order, targets included.
  Status s = session->RunSignature("train", TrainFeeds(), &out);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].DebugString(), "float32[]");
  EXPECT_EQ(out[1].DebugString(), "float32[4]");
  EXPECT_EQ(Snapshot(*session).step, 1);
  // By index, inputs in order.
  const int negate = session->SignatureIndex("negate");
  ASSERT_GE(negate, 0);
  s = session->RunSignature(negate, {Tensor::FromVector<int32_t>({4}, {1, -2, 3, 0})}, &out);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(out[0].ToVector<int32_t>(), (std::vector<int32_t>{-1, 2, -3, 0}));

  const Snapshot before(*session);
  EXPECT_TRUE(FailsWith(session->RunSignature("evaluate", {}, &out),
                        {"unknown signature 'evaluate'", "predict, train, init"}));
  EXPECT_TRUE(FailsWith(session->RunSignature("train", {{"x", Floats({4}, {1, 2, 3, 4})}}, &out),
                        {"signature 'train' needs feed 'label' (float32[4])"}));
  EXPECT_TRUE(FailsWith(session->RunSignature("predict", {{"v", Floats({4}, {1, 2, 3, 4})}}, &out),
                        {"unknown feed 'v' for signature 'predict' (its inputs: x)"}));
  EXPECT_TRUE(FailsWith(session->RunSignature(negate, {}, &out),
                        {"signature 'negate' needs feed 'v' (int32[4])"}));
  EXPECT_TRUE(FailsWith(session->RunSignature(negate, {Tensor(), Tensor()}, &out),
                        {"takes 1 inputs, got 2"}));
  EXPECT_TRUE(FailsWith(session->RunSignature(99, {}, &out), {"index 99 is out of range"}));
  EXPECT_TRUE(before == Snapshot(*session));
}

TEST(SessionTest, EntryFailureReturnsItsMessageAndClearsOutputs) {
  auto session = OpenToy();
  std::vector<Tensor> out(3);
  Status s = session->Run({{"x", Floats({4}, {1, 2, 3, 4})}}, {"z"}, {}, &out);
  EXPECT_TRUE(FailsWith(s, {"node 'boom': always fails"}));
  EXPECT_EQ(s.code(), TFCC_INVALID_ARGUMENT);
  EXPECT_TRUE(out.empty());
  // The context it used serves the next run normally.
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {1, 2, 3, 4})}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>()[0], 1.5f);
}

TEST(SessionTest, VariablesByName) {
  auto session = OpenToy();
  Tensor w;
  ASSERT_TRUE(session->ReadVariable("w:0", &w).ok());
  EXPECT_EQ(w.ToVector<float>(), kInitW);
  // Read into the same tensor: in place.
  const void *where = w.data();
  ASSERT_TRUE(session->ReadVariable("w", &w).ok());
  EXPECT_EQ(w.data(), where);

  ASSERT_TRUE(session->AssignVariable("w", Floats({4}, {2, 2, 2, 2})).ok());
  ASSERT_TRUE(session->AssignVariable("b", Scalar(-1)).ok());
  std::vector<Tensor> out;
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {1, 2, 3, 4})}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>(), (std::vector<float>{1, 3, 5, 7}));
  // The copy read earlier is the caller's: unchanged.
  EXPECT_EQ(w.ToVector<float>(), kInitW);

  const Snapshot before(*session);
  EXPECT_TRUE(FailsWith(session->AssignVariable("kernel", Scalar(1)),
                        {"unknown variable 'kernel'", "variables are w, b, global_step"}));
  EXPECT_TRUE(FailsWith(session->AssignVariable("w", Floats({3}, {1, 2, 3})),
                        {"variable 'w'", "expected float32[4], got float32[3]"}));
  EXPECT_TRUE(FailsWith(session->AssignVariable("global_step", Scalar(1)),
                        {"variable 'global_step'", "expected int64[], got float32[]"}));
  EXPECT_TRUE(FailsWith(session->ReadVariable("kernel", &w), {"unknown variable 'kernel'"}));
  EXPECT_TRUE(before == Snapshot(*session));
}

TEST(SessionTest, FeedsAreReadInPlaceAndOutputsWrittenInPlace) {
  auto session = OpenToy();
  std::vector<Tensor> out;
  Tensor x = Floats({4}, {1, 2, 3, 4});
  ASSERT_TRUE(session->Run({{"x", x}}, {"ptrs"}, {}, &out).ok());
  std::vector<int64_t> ptrs = out[0].ToVector<int64_t>();
  EXPECT_EQ(ptrs[0], int64_t(reinterpret_cast<intptr_t>(x.data())));
  EXPECT_EQ(ptrs[1], int64_t(reinterpret_cast<intptr_t>(out[0].data())));

  // An unaligned feed is copied, and still read correctly.
  alignas(64) float raw[8] = {0, 1, 1, 1, 1, 0, 0, 0};
  Tensor unaligned = Tensor::Borrow(TFCC_FLOAT, {4}, raw + 1);
  EXPECT_TRUE(unaligned.borrowed());
  ASSERT_TRUE(session->Run({{"x", unaligned}}, {"ptrs"}, {}, &out).ok());
  EXPECT_NE(out[0].ToVector<int64_t>()[0], int64_t(reinterpret_cast<intptr_t>(raw + 1)));
  ASSERT_TRUE(session->Run({{"x", unaligned}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>(), (std::vector<float>{1.5f, 2.5f, 3.5f, 4.5f}));
}

TEST(SessionTest, OutputsAreReusedUnlessShared) {
  auto session = OpenToy();
  std::vector<Tensor> out;
  const Feeds feeds = {{"x", Floats({4}, {1, 1, 1, 1})}};
  ASSERT_TRUE(session->Run(feeds, {"y"}, {}, &out).ok());
  const void *first = out[0].data();
  ASSERT_TRUE(session->Run(feeds, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].data(), first);
  // The caller keeps a copy: the next run must not write into it.
  Tensor kept = out[0];
  ASSERT_TRUE(session->AssignVariable("b", Scalar(10)).ok());
  ASSERT_TRUE(session->Run(feeds, {"y"}, {}, &out).ok());
  EXPECT_NE(out[0].data(), kept.data());
  EXPECT_EQ(kept.ToVector<float>()[0], 1.5f);
  EXPECT_EQ(out[0].ToVector<float>()[0], 11.0f);
}

// Steady state: with the outputs vector reused, Run allocates nothing.
TEST(SessionTest, SteadyStateRunAllocatesNothing) {
  if (!MallocCountingAvailable())
    GTEST_SKIP() << "malloc counting is unavailable under sanitizers";
  auto session = OpenToy();
  const Feeds feeds = {{"x", Floats({4}, {1, 2, 3, 4})}};
  const std::vector<std::string> fetches = {"y"}, none;
  const Feeds train = TrainFeeds();
  const std::vector<std::string> loss = {"loss"}, train_op = {"train_op"};
  std::vector<Tensor> out, train_out, all;
  const int predict = session->SignatureIndex("predict");
  const std::vector<Tensor> args = {feeds[0].second};
  ASSERT_TRUE(session->Run(feeds, fetches, none, &out).ok());
  ASSERT_TRUE(session->Run(train, loss, train_op, &train_out).ok());
  ASSERT_TRUE(session->RunSignature(predict, args, &all).ok());
  ScopedMallocCount count;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(session->Run(feeds, fetches, none, &out).ok());
    ASSERT_TRUE(session->Run(train, loss, train_op, &train_out).ok());
    ASSERT_TRUE(session->RunSignature(predict, args, &all).ok());
  }
  EXPECT_EQ(count.count(), 0);
}

TEST(SessionTest, KernelThreadsPerContext) {
  SessionOptions options;
  options.num_threads = 2;
  auto session = OpenToy(options);
  tfcc_runtime *runtime = tfcc_runtime_create(1);
  ASSERT_NE(runtime, nullptr);
  std::vector<Tensor> out;
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {1, 1, 1, 1})}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>()[1], 2.5f);
  RunOptions run;
  run.runtime = runtime;
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {2, 2, 2, 2})}}, {"y"}, {}, &out, run).ok());
  EXPECT_EQ(out[0].ToVector<float>()[1], 4.5f);
  tfcc_runtime_destroy(runtime);
}

TEST(SessionTest, RejectsDamagedModelTables) {
  std::unique_ptr<Session> session;
  tfcc_model_info model = toy_model;
  model.abi_version = 99;
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"model 'toy'", "ABI version 99",
                         "expects version " + std::to_string(TFCC_ABI_VERSION)}));
  EXPECT_EQ(session, nullptr);

  std::vector<tfcc_signature_info> sigs(toy_model.signatures,
                                        toy_model.signatures + toy_model.num_signatures);
  model = toy_model;
  model.signatures = sigs.data();
  sigs[1].entry = nullptr;
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"signature 'train'", "no entry function"}));
  sigs[1] = toy_model.signatures[1];
  // A checkpoint plan (no entry function) must take a string prefix and
  // name variables of the model.
  const int64_t no_dims[1] = {0};
  const tfcc_tensor_info prefix = {"save/Const", TFCC_STRING, 0, no_dims, 1,
                                   int64_t(sizeof(tfcc_string))};
  tfcc_checkpoint_entry entry = {"w", 7, 0};
  tfcc_checkpoint_plan plan = {TFCC_CHECKPOINT_SAVE, 1, &entry};
  sigs[1].entry = nullptr;
  sigs[1].checkpoint = &plan;
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"signature 'train'", "checkpoint prefix, one string scalar"}));
  sigs[1].num_args = 1;
  sigs[1].args = &prefix;
  sigs[1].num_results = 0;
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"signature 'train'", "checkpoint entry 0 names no variable"}));
  entry.variable = 0;
  EXPECT_TRUE(Session::Open(model, &session).ok());
  plan.kind = 3;
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"signature 'train'", "unknown checkpoint kind 3"}));
  plan.kind = TFCC_CHECKPOINT_RESTORE; // a restore returns nothing
  sigs[1].num_results = 1;
  sigs[1].results = &prefix;
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"signature 'train'", "output 0 is not the checkpoint prefix of a save"}));
  entry.variable = -1; // a constant entry: saves only
  sigs[1].num_results = 0;
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"signature 'train'", "checkpoint entry 0 names no variable"}));
  sigs[1] = toy_model.signatures[1];
  std::vector<tfcc_tensor_info> vars(toy_model.variables,
                                     toy_model.variables + toy_model.num_variables);
  vars[0].byte_size = 12;
  model.variables = vars.data();
  EXPECT_TRUE(FailsWith(Session::Open(model, &session),
                        {"variable 0 'w'", "shape [4]", "4 elements in 12 bytes"}));
  vars[0] = toy_model.variables[0];
  vars[2].name = "w";
  EXPECT_TRUE(FailsWith(Session::Open(model, &session), {"variable 'w' appears twice"}));
  vars[2] = toy_model.variables[2];
  EXPECT_TRUE(Session::Open(model, &session).ok());
}

TEST(SessionTest, TensorBasics) {
  Tensor t(TFCC_INT64, {2, 3});
  ASSERT_TRUE(t.valid());
  EXPECT_EQ(t.num_elements(), 6);
  EXPECT_EQ(t.byte_size(), 48u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data()) % 64, 0u);
  EXPECT_EQ(t.ToVector<int64_t>(), std::vector<int64_t>(6, 0));
  EXPECT_EQ(t.data<float>(), nullptr);
  Tensor shared = t;
  Tensor deep = t.Clone();
  t.data<int64_t>()[0] = 5;
  EXPECT_EQ(shared.ToVector<int64_t>()[0], 5);
  EXPECT_EQ(deep.ToVector<int64_t>()[0], 0);
  EXPECT_FALSE(Tensor(TFCC_FLOAT, {2, -1}).valid());
  EXPECT_FALSE(Tensor(tfcc_dtype(8), {2}).valid()); // DT_COMPLEX64
  // Strings own their bytes; a clone copies them.
  Tensor s = Tensor::FromStrings({2}, {"ab", ""});
  ASSERT_TRUE(s.valid());
  EXPECT_EQ(s.dtype(), TFCC_STRING);
  EXPECT_EQ(s.byte_size(), 2 * sizeof(tfcc_string));
  Tensor sc = s.Clone();
  EXPECT_NE(sc.data(), s.data());
  EXPECT_EQ(sc.StringAt(0), "ab");
  EXPECT_EQ(sc.StringAt(1), "");
  EXPECT_EQ(Tensor::FromString("model").StringAt(0), "model");
  EXPECT_EQ(Tensor::FromString("model").rank(), 0);
  EXPECT_EQ(Tensor::FromString("x").StringAt(1), ""); // out of range
  EXPECT_FALSE(Tensor::FromStrings({3}, {"a"}).valid());
  EXPECT_FALSE(Tensor::FromVector<float>({3}, {1, 2}).valid());
  Tensor empty(TFCC_FLOAT, {0, 4});
  EXPECT_TRUE(empty.valid());
  EXPECT_EQ(empty.byte_size(), 0u);
  EXPECT_EQ(Tensor::FromVector<bool>({2}, {true, false}).DebugString(), "bool[2]");
}

} // namespace
} // namespace tfcc::test
