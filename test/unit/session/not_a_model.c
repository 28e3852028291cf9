/* A shared library that is no tfcc model: it exports no model table. */
int tfcc_not_a_model(void) { return 42; }
