// Tensor names, feed/fetch flags and data type names.
#include "TestUtil.h"

namespace tfcc::frontend::testing {
namespace {

TEST(TensorIdText, ParsesAndPrints) {
  TensorId id;
  ASSERT_TRUE(parseTensorId("node", &id));
  EXPECT_EQ(id.node, "node");
  EXPECT_EQ(id.index, 0);
  EXPECT_FALSE(id.control);
  EXPECT_EQ(id.str(), "node");

  ASSERT_TRUE(parseTensorId("scope/node_1:2", &id));
  EXPECT_EQ(id.node, "scope/node_1");
  EXPECT_EQ(id.index, 2);
  EXPECT_EQ(id.str(), "scope/node_1:2");

  ASSERT_TRUE(parseTensorId("x:0", &id));
  EXPECT_EQ(id.str(), "x");

  ASSERT_TRUE(parseTensorId("^init", &id));
  EXPECT_TRUE(id.control);
  EXPECT_EQ(id.node, "init");
  EXPECT_EQ(id.str(), "^init");
}

TEST(TensorIdText, RejectsMalformed) {
  TensorId id;
  for (const char *bad : {"", ":0", "^", "x:", "x:-1", "x:a", "x:1:2",
                          "^x:1", "x:99999999999"})
    EXPECT_FALSE(parseTensorId(bad, &id)) << bad;
}

TEST(FeedFlag, FullForm) {
  Feed f;
  Status st = parseFeedFlag("x:1=float32[1,784]", &f);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(f.id.node, "x");
  EXPECT_EQ(f.id.index, 1);
  EXPECT_EQ(f.name, "x:1");
  EXPECT_EQ(f.dtype, tensorflow::DT_FLOAT);
  ASSERT_TRUE(f.shape.has_value());
  EXPECT_EQ(*f.shape, (std::vector<int64_t>{1, 784}));
}

TEST(FeedFlag, PartialForms) {
  Feed f;
  ASSERT_TRUE(parseFeedFlag("y[?,3]", &f).ok());
  EXPECT_EQ(f.id.str(), "y");
  EXPECT_EQ(f.dtype, tensorflow::DT_INVALID);
  EXPECT_EQ(*f.shape, (std::vector<int64_t>{-1, 3}));

  ASSERT_TRUE(parseFeedFlag("s[]", &f).ok());
  ASSERT_TRUE(f.shape.has_value());
  EXPECT_TRUE(f.shape->empty());

  ASSERT_TRUE(parseFeedFlag("z=DT_INT64", &f).ok());
  EXPECT_EQ(f.dtype, tensorflow::DT_INT64);
  EXPECT_FALSE(f.shape.has_value());
}

TEST(FeedFlag, Errors) {
  Feed f;
  EXPECT_EQ(parseFeedFlag("x=foo", &f).message,
            "feed 'x=foo': unknown data type 'foo'");
  EXPECT_EQ(parseFeedFlag("x[1,a]", &f).message,
            "feed 'x[1,a]': bad shape '[1,a]' (want e.g. [1,784] or [?,3])");
  EXPECT_EQ(parseFeedFlag("^x", &f).message,
            "feed '^x': a control input ('^') cannot be fed");
  EXPECT_EQ(parseFeedFlag("x:q", &f).message,
            "feed 'x:q': bad tensor name 'x:q' (want name or name:index)");
}

TEST(FetchFlag, ParsesAndRejects) {
  Fetch f;
  ASSERT_TRUE(parseFetchFlag("out:3", &f).ok());
  EXPECT_EQ(f.id.node, "out");
  EXPECT_EQ(f.id.index, 3);
  EXPECT_EQ(f.name, "out:3");
  EXPECT_FALSE(parseFetchFlag("^out", &f).ok());
  EXPECT_EQ(parseFetchFlag("", &f).message,
            "fetch '': bad tensor name (want name or name:index)");
}

TEST(DataTypes, NamesAndAliases) {
  EXPECT_EQ(parseDataType("float32"), tensorflow::DT_FLOAT);
  EXPECT_EQ(parseDataType("f32"), tensorflow::DT_FLOAT);
  EXPECT_EQ(parseDataType("DT_FLOAT"), tensorflow::DT_FLOAT);
  EXPECT_EQ(parseDataType("float"), tensorflow::DT_FLOAT);
  EXPECT_EQ(parseDataType("f16"), tensorflow::DT_HALF);
  EXPECT_EQ(parseDataType("bfloat16"), tensorflow::DT_BFLOAT16);
  EXPECT_EQ(parseDataType("int64"), tensorflow::DT_INT64);
  EXPECT_EQ(parseDataType("uint8"), tensorflow::DT_UINT8);
  EXPECT_EQ(parseDataType("bool"), tensorflow::DT_BOOL);
  EXPECT_EQ(parseDataType("dt_int32"), tensorflow::DT_INT32);
  EXPECT_EQ(parseDataType("DT_FLOAT_REF"), tensorflow::DT_FLOAT_REF);
  EXPECT_EQ(parseDataType("qint8"), tensorflow::DT_QINT8);
  EXPECT_EQ(parseDataType("nonsense"), tensorflow::DT_INVALID);
  EXPECT_EQ(parseDataType(""), tensorflow::DT_INVALID);

  EXPECT_EQ(dataTypeName(tensorflow::DT_FLOAT), "DT_FLOAT");
  EXPECT_EQ(dataTypeName(tensorflow::DT_RESOURCE), "DT_RESOURCE");
  EXPECT_EQ(dataTypeName(tensorflow::DT_INT32_REF), "DT_INT32_REF");
  EXPECT_EQ(dataTypeName(static_cast<tensorflow::DataType>(77)), "DataType(77)");
}

// Numbers that must match TensorFlow's wire format.
TEST(DataTypes, WireValues) {
  EXPECT_EQ(tensorflow::DT_BFLOAT16, 14);
  EXPECT_EQ(tensorflow::DT_HALF, 19);
  EXPECT_EQ(tensorflow::DT_RESOURCE, 20);
  EXPECT_EQ(tensorflow::DT_VARIANT, 21);
  EXPECT_EQ(tensorflow::DT_UINT64, 23);
  EXPECT_EQ(tensorflow::DT_VARIANT_REF, 121);
}

} // namespace
} // namespace tfcc::frontend::testing
