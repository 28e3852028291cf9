#include "runtime/session/RunCommand.h"

#include "runtime/Dtype.h"
#include "runtime/driver/Report.h"
#include "runtime/session/Select.h"
#include "tfcc/npy.h"
#include "tfcc/session.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>

namespace tfcc {
namespace {

namespace fs = std::filesystem;

const char kUsage[] =
    "usage: %s MODEL.so [--input NAME=FILE.npy]... [--output NAME]...\n"
    "          [--output-dir DIR] [--restore PREFIX] [--signature NAME] [--threads N]\n"
    "\n"
    "Runs a model built with `tfcc compile --emit=shared-lib`.\n"
    "  --input NAME=FILE    feed input NAME from a .npy file\n"
    "  --output NAME        an output to fetch (default: every output of the signature)\n"
    "  --output-dir DIR     where to write one .npy per output (default: .);\n"
    "                       the file name is the output name, ':' and '/' as '_'\n"
    "  --restore PREFIX     restore the variables from a TensorFlow checkpoint first\n"
    "  --signature NAME     the signature to run (default: the one the inputs and\n"
    "                       outputs select)\n"
    "  --threads N          kernel threads (default 0: one per online CPU)\n";

struct Command {
  bool help = false;
  std::string model;
  std::vector<std::pair<std::string, std::string>> inputs; // name, file
  std::vector<std::string> outputs;
  std::string output_dir = ".";
  std::string restore;
  std::string signature;
  int threads = 0;
};

Status Usage(std::string message) {
  return Status(TFCC_INVALID_ARGUMENT, std::move(message));
}

Status ParseThreads(const std::string &text, int *threads) {
  errno = 0;
  char *end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < 0 || v > INT_MAX)
    return Usage("--threads wants an integer >= 0, not '" + text + "'");
  *threads = int(v);
  return Status::OK();
}

// Flags take their value as the next argument or after '='.
Status Parse(int argc, char **argv, Command *c) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      c->help = true;
      continue;
    }
    if (arg.rfind("-", 0) != 0) {
      if (!c->model.empty())
        return Usage("unexpected argument '" + arg + "': the model is " + c->model);
      c->model = arg;
      continue;
    }
    std::string flag = arg, value;
    const size_t eq = arg.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    static const char *const kFlags[] = {"--input", "--output", "--output-dir",
                                         "--restore", "--signature", "--threads"};
    if (std::find(std::begin(kFlags), std::end(kFlags), flag) == std::end(kFlags))
      return Usage("unknown flag '" + arg + "' (see --help)");
    if (!inline_value) {
      if (i + 1 >= argc)
        return Usage(flag + " needs a value");
      value = argv[++i];
    }
    if (value.empty())
      return Usage(flag + " needs a value");
    if (flag == "--input") {
      const size_t split = value.find('=');
      if (split == std::string::npos || split == 0 || split + 1 == value.size())
        return Usage("--input wants NAME=FILE.npy, not '" + value + "'");
      c->inputs.emplace_back(value.substr(0, split), value.substr(split + 1));
    } else if (flag == "--output") {
      c->outputs.push_back(value);
    } else if (flag == "--output-dir") {
      c->output_dir = value;
    } else if (flag == "--restore") {
      c->restore = value;
    } else if (flag == "--signature") {
      c->signature = value;
    } else if (Status s = ParseThreads(value, &c->threads); !s.ok()) {
      return s;
    }
  }
  if (!c->help && c->model.empty())
    return Usage("no model library given (see --help)");
  return Status::OK();
}

// A .npy file as a feed for `arg` (null when the signature has no such
// input: the run then names it). NumPy has no bfloat16, so a float32 file
// feeds a bfloat16 input, rounded to nearest even.
Status LoadInput(const std::string &file, const tfcc_tensor_info *arg,
                 Tensor *out) {
  NpyArray array;
  if (Status s = ReadNpy(file, &array); !s.ok())
    return s;
  if (arg && arg->dtype == TFCC_BFLOAT16 && array.dtype == TFCC_FLOAT) {
    Tensor t(TFCC_BFLOAT16, array.shape);
    auto *dst = static_cast<uint16_t *>(t.data());
    for (int64_t i = 0; i < t.num_elements(); ++i) {
      float v;
      std::memcpy(&v, array.data.data() + i * 4, 4);
      dst[i] = FloatToBFloat16(v);
    }
    *out = std::move(t);
    return Status::OK();
  }
  Tensor t(array.dtype, array.shape);
  if (!array.data.empty())
    std::memcpy(t.data(), array.data.data(), array.data.size());
  *out = std::move(t);
  return Status::OK();
}

std::string OutputFile(const std::string &name) {
  std::string file = name;
  std::replace(file.begin(), file.end(), ':', '_');
  std::replace(file.begin(), file.end(), '/', '_');
  return file + ".npy";
}

tfcc_tensor_info InfoOf(const std::string &name, const Tensor &t) {
  return {name.c_str(), t.dtype(), t.rank(), t.shape().data(),
          t.num_elements(), int64_t(t.byte_size())};
}

Status WriteOutput(const std::string &path, const Tensor &t) {
  if (t.dtype() != TFCC_BFLOAT16)
    return WriteNpy(path, t.dtype(), t.shape().data(), t.rank(), t.data());
  // float32 holds every bfloat16 value exactly.
  std::vector<float> wide(size_t(t.num_elements()));
  for (size_t i = 0; i < wide.size(); ++i)
    wide[i] = BFloat16ToFloat(static_cast<const uint16_t *>(t.data())[i]);
  return WriteNpy(path, TFCC_FLOAT, t.shape().data(), t.rank(), wide.data());
}

// All outputs to temporary files first, renamed into place only when every
// one is written, so that a failure leaves no output behind.
Status WriteOutputs(const std::string &dir, const std::vector<std::string> &names,
                    const std::vector<Tensor> &values) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return Status(TFCC_INTERNAL,
                  "cannot create output directory '" + dir + "': " + ec.message());
  std::vector<std::string> finals, temps;
  for (const std::string &name : names) {
    const std::string file = OutputFile(name);
    finals.push_back((fs::path(dir) / file).string());
    temps.push_back((fs::path(dir) / ("." + file + ".tmp")).string());
  }
  Status status;
  for (size_t i = 0; i < names.size() && status.ok(); ++i)
    status = WriteOutput(temps[i], values[i]);
  for (size_t i = 0; i < names.size() && status.ok(); ++i) {
    fs::rename(temps[i], finals[i], ec);
    if (ec)
      status = Status(TFCC_INTERNAL, "cannot write " + finals[i] + ": " + ec.message());
  }
  if (!status.ok())
    for (const std::string &t : temps)
      fs::remove(t, ec);
  return status;
}

// The signature to run and the outputs to fetch from it.
Status Plan(const Session &session, const Command &c, int *sig,
            std::vector<std::string> *fetches) {
  const tfcc_model_info &model = session.model();
  if (!c.signature.empty()) {
    *sig = session.SignatureIndex(c.signature);
    if (*sig < 0) {
      std::string names;
      for (int i = 0; i < model.num_signatures; ++i)
        names += (i ? ", " : "") + std::string(model.signatures[i].name);
      return Usage("unknown signature '" + c.signature + "' (signatures: " +
                   (names.empty() ? "none" : names) + ")");
    }
  } else {
    std::vector<std::string> feeds;
    for (const auto &input : c.inputs)
      feeds.push_back(input.first);
    if (Status s = session.FindSignature(feeds, c.outputs, {}, sig); !s.ok())
      return s;
  }
  const tfcc_signature_info &s = model.signatures[*sig];
  *fetches = c.outputs;
  if (fetches->empty())
    for (int r = 0; r < s.num_results; ++r)
      fetches->push_back(s.results[r].name);
  for (const std::string &f : *fetches)
    if (session::FindTensor(s.results, s.num_results, f) < 0)
      return Usage("signature '" + std::string(s.name) + "' has no output '" +
                   f + "'");
  return Status::OK();
}

Status Execute(const Command &c) {
  SessionOptions options;
  options.num_threads = c.threads;
  std::unique_ptr<Session> session;
  if (Status s = Session::OpenLibrary(c.model, &session, options); !s.ok())
    return s;
  if (!c.restore.empty())
    if (Status s = session->Restore(c.restore); !s.ok())
      return s;
  int sig;
  std::vector<std::string> fetches;
  if (Status s = Plan(*session, c, &sig, &fetches); !s.ok())
    return s;
  const tfcc_signature_info &info = session->model().signatures[sig];

  Feeds feeds;
  for (const auto &[name, file] : c.inputs) {
    const int a = session::FindTensor(info.args, info.num_args, name);
    Tensor t;
    if (Status s = LoadInput(file, a >= 0 ? &info.args[a] : nullptr, &t); !s.ok())
      return s;
    feeds.emplace_back(name, std::move(t));
  }
  // RunSignature runs the signature named even when it has targets.
  std::vector<Tensor> results, outputs;
  if (!c.signature.empty()) {
    if (Status s = session->RunSignature(c.signature, feeds, &results); !s.ok())
      return s;
    for (const std::string &f : fetches)
      outputs.push_back(results[size_t(
          session::FindTensor(info.results, info.num_results, f))]);
  } else if (Status s = session->Run(feeds, fetches, {}, &outputs); !s.ok()) {
    return s;
  }
  if (Status s = WriteOutputs(c.output_dir, fetches, outputs); !s.ok())
    return s;
  std::printf("signature %s: %zu output(s) written to %s\n", info.name,
              outputs.size(), c.output_dir.c_str());
  for (size_t i = 0; i < outputs.size(); ++i)
    driver::PrintResult(stdout, InfoOf(fetches[i], outputs[i]), outputs[i].data());
  return Status::OK();
}

} // namespace

int RunModelCommand(int argc, char **argv) {
  const char *prog = argc > 0 && argv[0] ? argv[0] : "tfcc run";
  auto fail = [prog](const std::string &message) {
    std::fprintf(stderr, "%s: error: %s\n", prog, message.c_str());
    return 1;
  };
  try {
    Command c;
    if (Status s = Parse(argc, argv, &c); !s.ok())
      return fail(s.message());
    if (c.help) {
      std::printf(kUsage, prog);
      return 0;
    }
    Status s = Execute(c);
    return s.ok() ? 0 : fail(s.message());
  } catch (const std::exception &e) { // out of memory, mostly
    return fail(e.what());
  }
}

} // namespace tfcc
