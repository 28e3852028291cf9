// The tests' own main(): tfcc_session links tfcc_driver, whose archive also
// holds the model executables' main(), so none may come from an archive.
#include <gtest/gtest.h>

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
