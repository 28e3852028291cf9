// What Session::Run costs over driving the model table directly, on the toy
// model of test/unit/session (predict: y = x * w + b on 4 floats), so that
// the model's own work is a few nanoseconds and the rest is overhead.
//
//   ninja -j1 tfcc_session_bench && bin/tfcc_session_bench
//
// Direct is what a service linking the generated class does per request:
// copy the input in, Run(), copy the output out. The Session runs reuse
// their feeds and outputs, as a serving loop would.
#include "tfcc/model.h"
#include "tfcc/session.h"

#include <benchmark/benchmark.h>

#include <cstring>

extern "C" const tfcc_model_info toy_model;

namespace {

const float kX[4] = {1, 2, 3, 4};

void Check(const tfcc::Status &s, benchmark::State &state) {
  if (!s.ok())
    state.SkipWithError(s.message().c_str());
}

std::unique_ptr<tfcc::Session> OpenToy(benchmark::State &state) {
  std::unique_ptr<tfcc::Session> session;
  Check(tfcc::Session::Open(toy_model, &session), state);
  return session;
}

void BM_EntryOnly(benchmark::State &state) {
  tfcc::CompiledModel model(toy_model);
  const int init = model.signature_index("init");
  const int predict = model.signature_index("predict");
  Check(model.Run(init), state);
  for (auto _ : state) {
    Check(model.Run(predict), state);
    benchmark::DoNotOptimize(model.result_data(predict, 0));
  }
}
BENCHMARK(BM_EntryOnly);

void BM_CompiledModelDirect(benchmark::State &state) {
  tfcc::CompiledModel model(toy_model);
  const int predict = model.signature_index("predict");
  Check(model.Run(model.signature_index("init")), state);
  float y[4];
  for (auto _ : state) {
    std::memcpy(model.arg_data(predict, 0), kX, sizeof kX);
    Check(model.Run(predict), state);
    std::memcpy(y, model.result_data(predict, 0), sizeof y);
    benchmark::DoNotOptimize(y);
  }
}
BENCHMARK(BM_CompiledModelDirect);

// predict by names, with the feeds and outputs of the calling thread.
void RunPredictByNames(tfcc::Session &session, benchmark::State &state) {
  const tfcc::Feeds feeds = {{"x", tfcc::Tensor::FromVector<float>({4}, {1, 2, 3, 4})}};
  const std::vector<std::string> fetches = {"y"}, targets;
  std::vector<tfcc::Tensor> outputs;
  for (auto _ : state) {
    Check(session.Run(feeds, fetches, targets, &outputs), state);
    benchmark::DoNotOptimize(outputs[0].data());
  }
}

void BM_SessionRunByNames(benchmark::State &state) {
  auto session = OpenToy(state);
  RunPredictByNames(*session, state);
}
BENCHMARK(BM_SessionRunByNames);

void BM_SessionRunSignatureIndex(benchmark::State &state) {
  auto session = OpenToy(state);
  const int predict = session->SignatureIndex("predict");
  const std::vector<tfcc::Tensor> args = {tfcc::Tensor::FromVector<float>({4}, {1, 2, 3, 4})};
  std::vector<tfcc::Tensor> outputs;
  for (auto _ : state) {
    Check(session->RunSignature(predict, args, &outputs), state);
    benchmark::DoNotOptimize(outputs[0].data());
  }
}
BENCHMARK(BM_SessionRunSignatureIndex);

// A training step, which writes variables: the exclusive path (mutex,
// writer flag, a scan of the contexts).
void BM_SessionRunWriter(benchmark::State &state) {
  auto session = OpenToy(state);
  const tfcc::Feeds feeds = {{"x", tfcc::Tensor::FromVector<float>({4}, {1, 2, 3, 4})},
                             {"label", tfcc::Tensor::FromVector<float>({4}, {0, 0, 0, 0})},
                             {"lr", tfcc::Tensor::FromVector<float>({}, {0})}};
  const std::vector<std::string> fetches = {"loss"}, targets = {"train_op"};
  std::vector<tfcc::Tensor> outputs;
  for (auto _ : state)
    Check(session->Run(feeds, fetches, targets, &outputs), state);
}
BENCHMARK(BM_SessionRunWriter);

// Many threads on one session: each should keep finding its own context.
void BM_SessionRunShared(benchmark::State &state) {
  static std::unique_ptr<tfcc::Session> session;
  if (state.thread_index() == 0)
    session = OpenToy(state);
  RunPredictByNames(*session, state);
  state.SetItemsProcessed(state.iterations()); // runs/s over all threads
}
BENCHMARK(BM_SessionRunShared)->Threads(1)->Threads(2)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
