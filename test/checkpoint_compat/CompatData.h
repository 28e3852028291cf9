// The expected-values manifest of test/checkpoint_compat (see manifest.py):
// expected.tsv rows and their raw little-endian value files.
#ifndef TFCC_TEST_CHECKPOINT_COMPAT_COMPATDATA_H
#define TFCC_TEST_CHECKPOINT_COMPAT_COMPATDATA_H

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace tfcc::checkpoint::compat {

struct Row {
  std::string checkpoint; // prefix, relative to the manifest's directory
  std::string key;
  std::string dtype; // dtypeName() spelling: "float32", "string"...
  std::string shape; // shapeString() spelling: "[4,3]", "[]"
  std::string file;  // relative to the manifest's directory, or "sliced"
};

inline std::string readFileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::vector<Row> readManifest(const std::string &path) {
  std::vector<Row> rows;
  std::istringstream in(readFileBytes(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');)
      f.push_back(field);
    if (f.size() == 5)
      rows.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return rows;
}

// Strings are stored as a little-endian uint32 length and the bytes each.
inline std::string encodeStrings(const std::vector<std::string> &strings) {
  std::string out;
  for (const std::string &s : strings) {
    uint32_t n = static_cast<uint32_t>(s.size());
    for (int i = 0; i < 4; ++i)
      out.push_back(static_cast<char>(n >> (8 * i)));
    out += s;
  }
  return out;
}

inline std::vector<std::string> decodeStrings(const std::string &bytes) {
  std::vector<std::string> out;
  for (size_t pos = 0; pos + 4 <= bytes.size();) {
    uint32_t n = 0;
    for (int i = 0; i < 4; ++i)
      n |= uint32_t(static_cast<unsigned char>(bytes[pos + i])) << (8 * i);
    out.push_back(bytes.substr(pos + 4, n));
    pos += 4 + n;
  }
  return out;
}

} // namespace tfcc::checkpoint::compat

#endif // TFCC_TEST_CHECKPOINT_COMPAT_COMPATDATA_H
