// TensorId: the "node", "node:k", "^node" references of NodeDef.input.
#include "compiler/frontend/GraphLoader.h"

namespace tfcc::frontend {

std::string TensorId::str() const {
  if (control)
    return "^" + node;
  if (index == 0)
    return node;
  return node + ":" + std::to_string(index);
}

bool parseTensorId(const std::string &text, TensorId *out) {
  TensorId id;
  std::string rest = text;
  if (!rest.empty() && rest[0] == '^') {
    id.control = true;
    rest = rest.substr(1);
  }
  size_t colon = rest.find(':');
  id.node = rest.substr(0, colon);
  if (id.node.empty())
    return false;
  if (colon != std::string::npos) {
    std::string digits = rest.substr(colon + 1);
    // Control inputs carry no index; 9 digits keeps the value inside int.
    if (id.control || digits.empty() || digits.size() > 9)
      return false;
    for (char c : digits)
      if (c < '0' || c > '9')
        return false;
    id.index = std::stoi(digits);
  }
  *out = id;
  return true;
}

} // namespace tfcc::frontend
