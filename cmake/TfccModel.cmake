# tfcc_add_model(<target> GRAPH <graph.pb> CONFIG <config.pbtxt> CLASS <ns::Class>
#                [NAME <model name>] [TARGET_CPU <cpu>] [SIGNATURE <name>]
#                [EXTRA_SIGNATURES <name>=<config.pbtxt>|<name>=target:<node> ...]
#                [FLAGS <more tfcc compile flags> ...])
#
# Compiles a TensorFlow graph with `tfcc compile` at build time and makes
# <target> a static library holding the model's object, with the generated
# header (<NAME>.h, NAME defaulting to <target>) on its include path and the
# tfcc runtime linked in. Rebuilds when the graph, the config or tfcc change.
#
# Needs TFCC_EXECUTABLE (the tfcc driver) and the tfcc::runtime target, which
# find_package(tfcc) provides.
function(tfcc_add_model target)
  cmake_parse_arguments(ARG "" "GRAPH;CONFIG;CLASS;NAME;TARGET_CPU;SIGNATURE"
                        "EXTRA_SIGNATURES;FLAGS" ${ARGN})
  foreach(required GRAPH CONFIG CLASS)
    if(NOT ARG_${required})
      message(FATAL_ERROR "tfcc_add_model(${target}): ${required} is required")
    endif()
  endforeach()
  if(NOT ARG_NAME)
    set(ARG_NAME ${target})
  endif()
  if(NOT ARG_TARGET_CPU)
    set(ARG_TARGET_CPU x86-64-v3)
  endif()
  get_filename_component(graph "${ARG_GRAPH}" ABSOLUTE)
  get_filename_component(config "${ARG_CONFIG}" ABSOLUTE)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.tfcc")
  set(prefix "${dir}/${ARG_NAME}")
  file(MAKE_DIRECTORY "${dir}")
  set(extra)
  set(extra_deps)
  list(APPEND extra ${ARG_FLAGS})
  if(ARG_SIGNATURE)
    list(APPEND extra --signature ${ARG_SIGNATURE})
  endif()
  foreach(sig IN LISTS ARG_EXTRA_SIGNATURES)
    string(REGEX MATCH "^([^=]+)=(.*)$" _ "${sig}")
    set(sig_name "${CMAKE_MATCH_1}")
    set(spec "${CMAKE_MATCH_2}")
    if(NOT spec MATCHES "^target:")
      get_filename_component(spec "${spec}" ABSOLUTE)
      list(APPEND extra_deps "${spec}")
    endif()
    list(APPEND extra "--add-signature=${sig_name}=${spec}")
  endforeach()
  add_custom_command(
    OUTPUT "${prefix}.o" "${prefix}.h"
    COMMAND ${TFCC_EXECUTABLE} compile "${graph}" --config "${config}"
            --cpp-class ${ARG_CLASS} --target-cpu=${ARG_TARGET_CPU} ${extra} -o "${prefix}"
    DEPENDS "${graph}" "${config}" ${extra_deps} ${TFCC_EXECUTABLE_DEPENDS}
    COMMENT "tfcc: compiling ${ARG_GRAPH} into ${ARG_CLASS}"
    VERBATIM)
  add_library(${target} STATIC "${prefix}.o" "${prefix}.h")
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  target_include_directories(${target} PUBLIC "${dir}")
  target_link_libraries(${target} PUBLIC tfcc::runtime)
endfunction()
