#include "compiler/frontend/ProtoIO.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/text_format.h>

namespace tfcc::frontend {

bool readWholeFile(const std::string &path, std::string *bytes,
                   std::string *error) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  bytes->clear();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    bytes->append(buf, n);
  bool failed = std::ferror(f);
  int err = errno;
  std::fclose(f);
  if (failed) {
    // fopen succeeds on directories on Linux; reading then fails with EISDIR.
    *error = "cannot read '" + path + "': " + std::strerror(err);
    return false;
  }
  return true;
}

bool parseBinaryProto(const std::string &bytes,
                      google::protobuf::Message *msg) {
  google::protobuf::LogSilencer silence;
  return msg->ParseFromString(bytes);
}

namespace {
// Keeps the first error; protobuf reports 0-based lines and columns.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string &message) override {
    if (!message_.empty())
      return;
    line_ = line + 1;
    message_ = std::to_string(line + 1) + ":" + std::to_string(column + 1) +
               ": " + message;
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber,
                  const std::string &) override {}
  const std::string &message() const { return message_; }
  int line() const { return line_; }

private:
  std::string message_;
  int line_ = 0;
};
} // namespace

bool parseTextProto(const std::string &text, google::protobuf::Message *msg,
                    std::string *error, int *errorLine) {
  google::protobuf::LogSilencer silence;
  FirstErrorCollector collector;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  if (parser.ParseFromString(text, msg))
    return true;
  *error = collector.message().empty() ? "text format parse error"
                                       : collector.message();
  if (errorLine)
    *errorLine = collector.line();
  return false;
}

static bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool hasTextExtension(const std::string &path) {
  return endsWith(path, ".pbtxt") || endsWith(path, ".pbtext") ||
         endsWith(path, ".txt") || endsWith(path, ".prototxt");
}

std::string baseName(const std::string &path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/')
    p.pop_back();
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

} // namespace tfcc::frontend
