/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/retry-policy.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

Ptr<RetryPolicy>
MakePolicy(const std::string& kind, Time base, Time cap, int64_t stream = 1)
{
    Ptr<RetryPolicy> p = CreateObject<RetryPolicy>();
    p->SetAttribute("Kind", StringValue(kind));
    p->SetAttribute("BaseDelay", TimeValue(base));
    p->SetAttribute("MaxDelay", TimeValue(cap));
    p->AssignStreams(stream);
    return p;
}

TEST(RetryPolicyTest, FixedAlwaysReturnsTheBaseDelay)
{
    Ptr<RetryPolicy> p = MakePolicy("fixed", Seconds(7), Seconds(300));
    for (uint32_t i = 0; i < 20; ++i)
    {
        EXPECT_EQ(p->GetNextDelay(), Seconds(7));
    }
    EXPECT_EQ(p->GetRetryCount(), 20u);
    p->Reset();
    EXPECT_EQ(p->GetRetryCount(), 0u);
}

TEST(RetryPolicyTest, ExponentialJitterStaysInTheGrowingWindowAndUnderTheCap)
{
    // Window n = min(cap, base * 2^n) = 1, 2, 4, ..., 64, 100, 100 s.
    const uint32_t runs = 4000;
    const uint32_t steps = 10;
    std::vector<double> maxSeen(steps, 0.0);
    std::vector<double> sum(steps, 0.0);
    Ptr<RetryPolicy> p = MakePolicy("exponential-jitter", Seconds(1), Seconds(100));
    for (uint32_t r = 0; r < runs; ++r)
    {
        p->Reset();
        for (uint32_t n = 0; n < steps; ++n)
        {
            const double d = p->GetNextDelay().GetSeconds();
            const double window = std::min(100.0, std::pow(2.0, n));
            ASSERT_GE(d, 0.0);
            ASSERT_LE(d, window);
            maxSeen[n] = std::max(maxSeen[n], d);
            sum[n] += d;
        }
    }
    for (uint32_t n = 0; n < steps; ++n)
    {
        const double window = std::min(100.0, std::pow(2.0, n));
        // Full jitter is uniform over the window: mean window/2 (std error window/sqrt(12*runs)).
        EXPECT_NEAR(sum[n] / runs, window / 2, window * 0.03) << "step " << n;
        EXPECT_GT(maxSeen[n], window * 0.98) << "step " << n;
    }
}

TEST(RetryPolicyTest, DecorrelatedJitterBoundsAndCap)
{
    Ptr<RetryPolicy> p = MakePolicy("decorrelated-jitter", Seconds(2), Seconds(60));
    double previous = 2.0;
    uint32_t capped = 0;
    for (uint32_t i = 0; i < 5000; ++i)
    {
        if (i % 50 == 0)
        {
            p->Reset();
            previous = 2.0;
        }
        const double d = p->GetNextDelay().GetSeconds();
        ASSERT_GE(d, 2.0);
        ASSERT_LE(d, std::min(60.0, 3 * previous) + 1e-9);
        capped += d == 60.0 ? 1 : 0;
        previous = d;
    }
    EXPECT_GT(capped, 100u); // the cap is reached and held
}

TEST(RetryPolicyTest, TheSameStreamGivesTheSameDelays)
{
    for (const char* kind : {"exponential-jitter", "decorrelated-jitter"})
    {
        Ptr<RetryPolicy> a = MakePolicy(kind, Seconds(1), Seconds(300), 42);
        Ptr<RetryPolicy> b = MakePolicy(kind, Seconds(1), Seconds(300), 42);
        Ptr<RetryPolicy> c = MakePolicy(kind, Seconds(1), Seconds(300), 43);
        bool differs = false;
        for (uint32_t i = 0; i < 30; ++i)
        {
            const Time x = a->GetNextDelay();
            EXPECT_EQ(x, b->GetNextDelay()) << kind << " draw " << i;
            differs = differs || x != c->GetNextDelay();
        }
        EXPECT_TRUE(differs) << kind;
    }
}

TEST(RetryPolicyTest, ResetRestartsTheExponentialWindow)
{
    Ptr<RetryPolicy> p = MakePolicy("exponential-jitter", Seconds(1), Seconds(1000));
    for (uint32_t i = 0; i < 8; ++i)
    {
        p->GetNextDelay();
    }
    p->Reset();
    for (uint32_t i = 0; i < 100; ++i)
    {
        p->Reset();
        EXPECT_LE(p->GetNextDelay(), Seconds(1));
    }
}

TEST(RetryPolicyTest, KindNames)
{
    EXPECT_EQ(RetryPolicy::GetKindName(RetryPolicy::FIXED), "fixed");
    EXPECT_EQ(RetryPolicy::GetKindName(RetryPolicy::EXPONENTIAL_JITTER), "exponential-jitter");
    EXPECT_EQ(RetryPolicy::GetKindName(RetryPolicy::DECORRELATED_JITTER), "decorrelated-jitter");
}

} // namespace
