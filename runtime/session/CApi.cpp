// tfcc/c_api.h over tfcc::Session. Every entry point catches what C++ may
// throw (out of memory), so nothing crosses into C.
#include "tfcc/c_api.h"
#include "tfcc/session.h"

#include <new>
#include <string>
#include <vector>

struct tfcc_error {
  int32_t code;
  std::string message;
};

struct tfcc_tensor {
  tfcc::Tensor tensor;
};

struct tfcc_session {
  std::unique_ptr<tfcc::Session> session;
};

namespace {

// Returned when even an error cannot be allocated; never freed.
tfcc_error g_out_of_memory{TFCC_INTERNAL, "out of memory"};

tfcc_error *MakeError(int32_t code, std::string message) {
  auto *e = new (std::nothrow) tfcc_error{code, std::string()};
  if (!e)
    return &g_out_of_memory;
  try {
    e->message = std::move(message);
  } catch (const std::bad_alloc &) {
    delete e;
    return &g_out_of_memory;
  }
  return e;
}

tfcc_error *FromStatus(const tfcc::Status &s) {
  return s.ok() ? nullptr : MakeError(s.code(), s.message());
}

tfcc_error *NullArgument(const char *function, const char *argument) {
  return MakeError(TFCC_INVALID_ARGUMENT,
                   std::string(function) + ": " + argument + " is NULL");
}

// Runs `body` (which returns a tfcc_error*) with exceptions turned into
// errors.
template <typename Body> tfcc_error *Guarded(Body body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return &g_out_of_memory;
  } catch (const std::exception &e) {
    return MakeError(TFCC_INTERNAL, e.what());
  }
}

tfcc::Tensor ViewTensor(const tfcc_tensor_view &v) {
  if (v.rank < 0 || (v.rank > 0 && !v.dims))
    return tfcc::Tensor();
  return tfcc::Tensor::Borrow(tfcc_dtype(v.dtype),
                              std::vector<int64_t>(v.dims, v.dims + v.rank),
                              const_cast<void *>(v.data));
}

std::vector<std::string> Strings(const char *const *names, int32_t count) {
  std::vector<std::string> v;
  for (int32_t i = 0; i < count; ++i)
    v.emplace_back(names[i] ? names[i] : "");
  return v;
}

// Moves the caller's output handles' tensors out (so that they can be
// written in place) and back in, or frees them all after an error.
class Outputs {
public:
  Outputs(tfcc_tensor **handles, size_t count) : handles_(handles) {
    tensors.resize(count);
    for (size_t i = 0; i < count; ++i)
      if (handles_[i])
        tensors[i] = std::move(handles_[i]->tensor);
  }
  tfcc_error *Finish(const tfcc::Status &s) {
    if (s.ok()) {
      for (size_t i = 0; i < tensors.size(); ++i) {
        if (!handles_[i])
          handles_[i] = new tfcc_tensor{};
        handles_[i]->tensor = std::move(tensors[i]);
      }
      return nullptr;
    }
    for (size_t i = 0; i < tensors.size(); ++i) {
      delete handles_[i];
      handles_[i] = nullptr;
    }
    return FromStatus(s);
  }
  std::vector<tfcc::Tensor> tensors;

private:
  tfcc_tensor **handles_;
};

bool ValidNames(const char *const *names, const void *values, int32_t count) {
  return count == 0 || (count > 0 && names && values);
}

tfcc::Feeds MakeFeeds(const char *const *names, const tfcc_tensor_view *feeds,
                      int32_t count) {
  tfcc::Feeds v;
  for (int32_t i = 0; i < count; ++i)
    v.emplace_back(names[i] ? names[i] : "", ViewTensor(feeds[i]));
  return v;
}

tfcc_error *Open(const tfcc_model_info *model, const char *path,
                 int32_t num_threads, uint32_t flags, tfcc_session **session) {
  tfcc::SessionOptions options;
  options.num_threads = num_threads;
  options.run_init = (flags & TFCC_SESSION_SKIP_INIT) == 0;
  auto handle = std::make_unique<tfcc_session>();
  tfcc::Status s = path ? tfcc::Session::OpenLibrary(path, &handle->session, options)
                        : tfcc::Session::Open(*model, &handle->session, options);
  if (!s.ok())
    return FromStatus(s);
  *session = handle.release();
  return nullptr;
}

} // namespace

extern "C" {

int32_t tfcc_error_code(const tfcc_error *error) {
  return error ? error->code : TFCC_OK;
}

const char *tfcc_error_message(const tfcc_error *error) {
  return error ? error->message.c_str() : "";
}

void tfcc_error_free(tfcc_error *error) {
  if (error != &g_out_of_memory)
    delete error;
}

tfcc_tensor *tfcc_tensor_create(int32_t dtype, int32_t rank, const int64_t *dims) {
  if (rank < 0 || (rank > 0 && !dims))
    return nullptr;
  try {
    tfcc::Tensor t(tfcc_dtype(dtype), std::vector<int64_t>(dims, dims + rank));
    return t.valid() ? new tfcc_tensor{std::move(t)} : nullptr;
  } catch (const std::bad_alloc &) {
    return nullptr;
  }
}

void tfcc_tensor_free(tfcc_tensor *tensor) { delete tensor; }

int32_t tfcc_tensor_dtype(const tfcc_tensor *t) { return t ? t->tensor.dtype() : 0; }
int32_t tfcc_tensor_rank(const tfcc_tensor *t) { return t ? t->tensor.rank() : 0; }
const int64_t *tfcc_tensor_dims(const tfcc_tensor *t) {
  return t ? t->tensor.shape().data() : nullptr;
}
int64_t tfcc_tensor_num_elements(const tfcc_tensor *t) {
  return t ? t->tensor.num_elements() : 0;
}
int64_t tfcc_tensor_byte_size(const tfcc_tensor *t) {
  return t ? int64_t(t->tensor.byte_size()) : 0;
}
void *tfcc_tensor_data(tfcc_tensor *t) { return t ? t->tensor.data() : nullptr; }

tfcc_tensor_view tfcc_tensor_as_view(const tfcc_tensor *t) {
  if (!t)
    return tfcc_tensor_view{0, 0, nullptr, nullptr};
  return tfcc_tensor_view{t->tensor.dtype(), t->tensor.rank(),
                          t->tensor.shape().data(), t->tensor.data()};
}

tfcc_error *tfcc_session_open_library(const char *path, int32_t num_threads,
                                      uint32_t flags, tfcc_session **session) {
  if (!path || !session)
    return NullArgument("tfcc_session_open_library", path ? "session" : "path");
  return Guarded([&] { return Open(nullptr, path, num_threads, flags, session); });
}

tfcc_error *tfcc_session_open(const tfcc_model_info *model, int32_t num_threads,
                              uint32_t flags, tfcc_session **session) {
  if (!model || !session)
    return NullArgument("tfcc_session_open", model ? "session" : "model");
  return Guarded([&] { return Open(model, nullptr, num_threads, flags, session); });
}

void tfcc_session_free(tfcc_session *session) { delete session; }

const tfcc_model_info *tfcc_session_model(const tfcc_session *session) {
  return session ? &session->session->model() : nullptr;
}

tfcc_error *tfcc_session_run(tfcc_session *session, const char *const *feed_names,
                             const tfcc_tensor_view *feeds, int32_t num_feeds,
                             const char *const *fetch_names, int32_t num_fetches,
                             const char *const *target_names, int32_t num_targets,
                             tfcc_tensor **outputs) {
  if (!session)
    return NullArgument("tfcc_session_run", "session");
  if (!ValidNames(feed_names, feeds, num_feeds) ||
      !ValidNames(fetch_names, outputs, num_fetches) ||
      !ValidNames(target_names, target_names, num_targets))
    return MakeError(TFCC_INVALID_ARGUMENT,
                     "tfcc_session_run: a name or tensor array is NULL or a "
                     "count is negative");
  return Guarded([&] {
    Outputs out(outputs, size_t(num_fetches));
    return out.Finish(session->session->Run(
        MakeFeeds(feed_names, feeds, num_feeds), Strings(fetch_names, num_fetches),
        Strings(target_names, num_targets), &out.tensors));
  });
}

tfcc_error *tfcc_session_run_signature(tfcc_session *session, const char *signature,
                                       const char *const *feed_names,
                                       const tfcc_tensor_view *feeds,
                                       int32_t num_feeds, tfcc_tensor **outputs) {
  if (!session || !signature)
    return NullArgument("tfcc_session_run_signature", session ? "signature" : "session");
  if (!ValidNames(feed_names, feeds, num_feeds))
    return MakeError(TFCC_INVALID_ARGUMENT,
                     "tfcc_session_run_signature: the feed arrays are NULL or "
                     "num_feeds is negative");
  const int s = session->session->SignatureIndex(signature);
  const tfcc_model_info &model = session->session->model();
  const int32_t num_results = s >= 0 ? model.signatures[s].num_results : 0;
  if (num_results > 0 && !outputs)
    return NullArgument("tfcc_session_run_signature", "outputs");
  return Guarded([&] {
    Outputs out(outputs, size_t(num_results));
    return out.Finish(session->session->RunSignature(
        signature, MakeFeeds(feed_names, feeds, num_feeds), &out.tensors));
  });
}

tfcc_error *tfcc_session_read_variable(tfcc_session *session, const char *name,
                                       tfcc_tensor **value) {
  if (!session || !name || !value)
    return NullArgument("tfcc_session_read_variable",
                        !session ? "session" : !name ? "name" : "value");
  return Guarded([&] {
    Outputs out(value, 1);
    return out.Finish(session->session->ReadVariable(name, &out.tensors[0]));
  });
}

tfcc_error *tfcc_session_assign_variable(tfcc_session *session, const char *name,
                                         const tfcc_tensor_view *value) {
  if (!session || !name || !value)
    return NullArgument("tfcc_session_assign_variable",
                        !session ? "session" : !name ? "name" : "value");
  return Guarded([&] {
    return FromStatus(session->session->AssignVariable(name, ViewTensor(*value)));
  });
}

tfcc_error *tfcc_session_save(tfcc_session *session, const char *prefix) {
  if (!session || !prefix)
    return NullArgument("tfcc_session_save", session ? "prefix" : "session");
  return Guarded([&] { return FromStatus(session->session->Save(prefix)); });
}

tfcc_error *tfcc_session_restore(tfcc_session *session, const char *prefix) {
  if (!session || !prefix)
    return NullArgument("tfcc_session_restore", session ? "prefix" : "session");
  return Guarded([&] { return FromStatus(session->session->Restore(prefix)); });
}

} // extern "C"
