import os
import lit.formats

config.name = "tfcc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".pbtxt", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tfcc_tools_dir, "..", "test", "lit")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py"]
config.environment["PATH"] = os.pathsep.join(
    [config.tfcc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%shared", os.path.join(config.tfcc_src_root, "..", "shared")))
