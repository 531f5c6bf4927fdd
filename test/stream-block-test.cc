/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/stream-block.h"

#include <gtest/gtest.h>

using namespace ns3::lpwa;

TEST(StreamBlockTest, UnassignedGivesNoStream)
{
    StreamBlock block;
    int64_t stream = 42;
    EXPECT_FALSE(block.IsAssigned());
    EXPECT_EQ(block.GetRemaining(), 0);
    EXPECT_FALSE(block.Take(stream));
    EXPECT_EQ(stream, 42); // untouched
}

TEST(StreamBlockTest, GivesEachStreamOfTheBlockOnceThenNone)
{
    StreamBlock block;
    EXPECT_EQ(block.Assign(7000, 3), 3);
    EXPECT_TRUE(block.IsAssigned());
    int64_t stream = -1;
    for (int64_t k = 0; k < 3; ++k)
    {
        EXPECT_EQ(block.GetRemaining(), 3 - k);
        ASSERT_TRUE(block.Take(stream));
        EXPECT_EQ(stream, 7000 + k);
    }
    // Used up: the caller falls back to automatic streams, never to 7003 (the next block).
    stream = -1;
    EXPECT_FALSE(block.Take(stream));
    EXPECT_EQ(stream, -1);
    EXPECT_EQ(block.GetRemaining(), 0);
    EXPECT_TRUE(block.IsAssigned());
}

TEST(StreamBlockTest, AssignAgainStartsTheNewBlock)
{
    StreamBlock block;
    block.Assign(0, 2);
    int64_t stream = -1;
    ASSERT_TRUE(block.Take(stream));
    EXPECT_EQ(stream, 0);
    block.Assign(500, 1000);
    ASSERT_TRUE(block.Take(stream));
    EXPECT_EQ(stream, 500);
    EXPECT_EQ(block.GetRemaining(), 999);
}

TEST(StreamBlockTest, AModuleSizedBlockEndsAfterItsThousandthStream)
{
    // The size the module command sets reserve: the 1000th TLS object gets first + 999, the
    // 1001st none.
    StreamBlock block;
    block.Assign(1000000, 1000);
    int64_t stream = -1;
    int64_t taken = 0;
    while (block.Take(stream))
    {
        ++taken;
    }
    EXPECT_EQ(taken, 1000);
    EXPECT_EQ(stream, 1000999);
}

TEST(StreamBlockTest, WrongUseIsNamed)
{
    StreamBlock block;
    EXPECT_DEATH(block.Assign(-1, 10), "first stream -1 is negative");
    EXPECT_DEATH(block.Assign(5, 0), "size 0 is not >= 1");
}
