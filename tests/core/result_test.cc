#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace istmo::core {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return InvalidArgument("must be even", "/v");
  return v / 2;
}

Result<int> Quarter(int v) {
  ISTMO_ASSIGN_OR_RETURN(int h, Half(v));
  ISTMO_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int v) {
  ISTMO_RETURN_IF_ERROR(Half(v));
  return Ok();
}

TEST(Result, HoldsValueOrError) {
  auto ok = Half(8);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 4);
  auto bad = Half(3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "/v");
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Result, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);  // 6/2 = 3 is odd
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "must be even");
  EXPECT_TRUE(CheckEven(2));
  EXPECT_FALSE(CheckEven(1));
}

TEST(Result, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(Result, ConvertsCompatibleValues) {
  Result<std::string> r = "text";
  EXPECT_EQ(*r, "text");
}

TEST(ErrorCode, MapsToHttpAndExitCodes) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatus(ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kDataLoss), 500);
  EXPECT_EQ(ExitCode(ErrorCode::kInvalidArgument), 65);
  EXPECT_EQ(ExitCode(ErrorCode::kPermissionDenied), 77);
  EXPECT_EQ(ExitCode(ErrorCode::kNotFound), 66);
  EXPECT_EQ(ExitCode(ErrorCode::kUnavailable), 69);
  EXPECT_EQ(ExitCode(ErrorCode::kInternal), 70);
  EXPECT_EQ(ExitCode(ErrorCode::kTooLarge), 65);
  EXPECT_EQ(ErrorCodeName(ErrorCode::kPermissionDenied), "permission_denied");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kTooLarge), "too_large");
}

TEST(Error, ToStringNamesLineAndField) {
  EXPECT_EQ(InvalidArgument("must not be empty", "/name", 3).ToString(),
            "invalid_argument: line 3: field /name: must not be empty");
}

TEST(ResultDeathTest, ValueOnErrorAborts) {
  EXPECT_DEATH({ (void)Half(3).value(); }, "check failed");
}

}  // namespace
}  // namespace istmo::core
