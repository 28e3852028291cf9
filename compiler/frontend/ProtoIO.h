// File reading and protobuf parsing that report failures as one-line messages
// instead of letting protobuf log to stderr. Internal to the frontend.
#ifndef TFCC_FRONTEND_PROTOIO_H
#define TFCC_FRONTEND_PROTOIO_H

#include <string>

#include <google/protobuf/message.h>

namespace tfcc::frontend {

/// Reads the whole file; on failure `*error` is
/// "cannot open 'path': <strerror>" (or a read error) and false is returned.
bool readWholeFile(const std::string &path, std::string *bytes,
                   std::string *error);

/// Binary parse with protobuf's logging silenced. Fails on truncated input.
bool parseBinaryProto(const std::string &bytes, google::protobuf::Message *msg);

/// Text-format parse. On failure `*error` holds protobuf's first complaint
/// as "line:column: message" (1-based), and `*errorLine` its line (1-based),
/// used to pick the most plausible message kind when several were tried.
bool parseTextProto(const std::string &text, google::protobuf::Message *msg,
                    std::string *error, int *errorLine = nullptr);

/// True when the file name says text format (.pbtxt, .pbtext, .txt, .prototxt).
bool hasTextExtension(const std::string &path);

/// The last path component.
std::string baseName(const std::string &path);

} // namespace tfcc::frontend

#endif // TFCC_FRONTEND_PROTOIO_H
