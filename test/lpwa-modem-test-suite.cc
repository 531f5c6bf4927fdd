/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ns-3 TestSuite `lpwa-modem`: it runs every GoogleTest case linked into the test library,
// so `./test.py --suite=lpwa-modem` inside an ns-3 tree runs the same cases as CTest does in a
// standalone build. GTEST_FILTER in the environment narrows the selection as usual.

#include "ns3/test.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace lpwa
{

/**
 * \ingroup lpwa-modem-tests
 * \brief Runs all GoogleTest cases of the module inside ns-3's test framework.
 */
class GoogleTestCases : public TestCase
{
  public:
    GoogleTestCases()
        : TestCase("lpwa-modem GoogleTest cases")
    {
    }

  private:
    void DoRun() override
    {
        int argc = 1;
        char name[] = "lpwa-modem";
        char* argv[] = {name, nullptr};
        ::testing::InitGoogleTest(&argc, argv);
        const int failed = RUN_ALL_TESTS();
        NS_TEST_ASSERT_MSG_EQ(failed, 0, "GoogleTest cases failed; their output is above");
    }
};

/**
 * \ingroup lpwa-modem-tests
 * \brief The `lpwa-modem` test suite.
 */
class LpwaModemTestSuite : public TestSuite
{
  public:
    LpwaModemTestSuite()
        : TestSuite("lpwa-modem", UNIT)
    {
        AddTestCase(new GoogleTestCases, TestCase::QUICK);
    }
};

/// The suite's static instance, registered with ns-3's TestRunner.
static LpwaModemTestSuite g_lpwaModemTestSuite;

} // namespace lpwa
} // namespace ns3
