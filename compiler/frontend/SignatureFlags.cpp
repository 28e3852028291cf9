// Command-line feed/fetch flags and data type names.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "compiler/frontend/GraphLoader.h"

namespace tfcc::frontend {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Short and NumPy-style spellings; DT_* names go through the generated table.
const std::pair<const char *, tensorflow::DataType> kAliases[] = {
    {"float", tensorflow::DT_FLOAT},       {"float32", tensorflow::DT_FLOAT},
    {"f32", tensorflow::DT_FLOAT},         {"double", tensorflow::DT_DOUBLE},
    {"float64", tensorflow::DT_DOUBLE},    {"f64", tensorflow::DT_DOUBLE},
    {"half", tensorflow::DT_HALF},         {"float16", tensorflow::DT_HALF},
    {"f16", tensorflow::DT_HALF},          {"bfloat16", tensorflow::DT_BFLOAT16},
    {"bf16", tensorflow::DT_BFLOAT16},     {"int8", tensorflow::DT_INT8},
    {"i8", tensorflow::DT_INT8},           {"int16", tensorflow::DT_INT16},
    {"i16", tensorflow::DT_INT16},         {"int32", tensorflow::DT_INT32},
    {"i32", tensorflow::DT_INT32},         {"int64", tensorflow::DT_INT64},
    {"i64", tensorflow::DT_INT64},         {"uint8", tensorflow::DT_UINT8},
    {"u8", tensorflow::DT_UINT8},          {"uint16", tensorflow::DT_UINT16},
    {"u16", tensorflow::DT_UINT16},        {"uint32", tensorflow::DT_UINT32},
    {"u32", tensorflow::DT_UINT32},        {"uint64", tensorflow::DT_UINT64},
    {"u64", tensorflow::DT_UINT64},        {"bool", tensorflow::DT_BOOL},
    {"string", tensorflow::DT_STRING},     {"complex64", tensorflow::DT_COMPLEX64},
    {"c64", tensorflow::DT_COMPLEX64},     {"complex128", tensorflow::DT_COMPLEX128},
    {"c128", tensorflow::DT_COMPLEX128},   {"qint8", tensorflow::DT_QINT8},
    {"quint8", tensorflow::DT_QUINT8},     {"qint16", tensorflow::DT_QINT16},
    {"quint16", tensorflow::DT_QUINT16},   {"qint32", tensorflow::DT_QINT32},
    {"resource", tensorflow::DT_RESOURCE}, {"variant", tensorflow::DT_VARIANT},
};

// "[1,784]", "[?,3]", "[-1]", "[]" (scalar).
bool parseShape(const std::string &text, std::vector<int64_t> *dims) {
  dims->clear();
  std::string body = text.substr(1, text.size() - 2);
  if (body.empty())
    return true;
  size_t start = 0;
  while (true) {
    size_t comma = body.find(',', start);
    std::string d = body.substr(start, comma == std::string::npos
                                           ? std::string::npos
                                           : comma - start);
    d.erase(0, d.find_first_not_of(' '));
    d.erase(d.find_last_not_of(' ') + 1);
    if (d == "?" || d == "-1") {
      dims->push_back(-1);
    } else {
      if (d.empty() || d.size() > 18 ||
          !std::all_of(d.begin(), d.end(), ::isdigit))
        return false;
      dims->push_back(std::strtoll(d.c_str(), nullptr, 10));
    }
    if (comma == std::string::npos)
      return true;
    start = comma + 1;
  }
}

} // namespace

tensorflow::DataType parseDataType(const std::string &text) {
  std::string l = lower(text);
  for (const auto &[name, dtype] : kAliases)
    if (l == name)
      return dtype;
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  if (upper.rfind("DT_", 0) != 0)
    upper = "DT_" + upper;
  tensorflow::DataType dtype;
  if (tensorflow::DataType_Parse(upper, &dtype))
    return dtype;
  return tensorflow::DT_INVALID;
}

std::string dataTypeName(tensorflow::DataType dtype) {
  if (tensorflow::DataType_IsValid(dtype))
    return tensorflow::DataType_Name(dtype);
  return "DataType(" + std::to_string(static_cast<int>(dtype)) + ")";
}

Status parseFeedFlag(const std::string &text, Feed *out) {
  auto fail = [&](const std::string &why) {
    return Status::error("feed '" + text + "': " + why);
  };
  std::string rest = text;
  Feed feed;
  if (!rest.empty() && rest.back() == ']') {
    size_t open = rest.rfind('[');
    if (open == std::string::npos)
      return fail("']' without '['");
    std::vector<int64_t> dims;
    if (!parseShape(rest.substr(open), &dims))
      return fail("bad shape '" + rest.substr(open) +
                  "' (want e.g. [1,784] or [?,3])");
    feed.shape = std::move(dims);
    rest = rest.substr(0, open);
  }
  size_t eq = rest.find('=');
  if (eq != std::string::npos) {
    std::string dt = rest.substr(eq + 1);
    feed.dtype = parseDataType(dt);
    if (feed.dtype == tensorflow::DT_INVALID)
      return fail("unknown data type '" + dt + "'");
    rest = rest.substr(0, eq);
  }
  if (!parseTensorId(rest, &feed.id))
    return fail("bad tensor name '" + rest + "' (want name or name:index)");
  if (feed.id.control)
    return fail("a control input ('^') cannot be fed");
  feed.name = feed.id.str();
  *out = std::move(feed);
  return {};
}

Status parseFetchFlag(const std::string &text, Fetch *out) {
  Fetch fetch;
  if (!parseTensorId(text, &fetch.id))
    return Status::error("fetch '" + text +
                         "': bad tensor name (want name or name:index)");
  if (fetch.id.control)
    return Status::error("fetch '" + text +
                         "': a control input ('^') cannot be fetched; "
                         "use a target node instead");
  fetch.name = fetch.id.str();
  *out = std::move(fetch);
  return {};
}

Status feedNeededPlaceholders(const tensorflow::GraphDef &graph, const std::string &file,
                              Signature *sig) {
  std::vector<const tensorflow::NodeDef *> order;
  Status st = pruneAndSort(graph, *sig, file, &order);
  if (!st.ok())
    return st;
  for (const tensorflow::NodeDef *node : order) {
    if (node->op() != "Placeholder")
      continue;
    bool fed = std::any_of(sig->feeds.begin(), sig->feeds.end(),
                           [&](const Feed &f) { return f.id.node == node->name(); });
    if (fed)
      continue;
    Feed feed;
    feed.id.node = node->name();
    feed.name = node->name();
    sig->feeds.push_back(feed);
  }
  return {};
}

} // namespace tfcc::frontend
